from promo.demo.committees import AUTUMN, CANDIDATE, SPRING
from promo.demo.steps import email_for
from promo.models import Candidacy, Cycle, Nomination, Vote


def test_the_demo_tells_the_spring_not_yet_and_the_autumn_promotion(demo, db):
    lucas = Candidacy.objects.get(person__email=email_for(CANDIDATE))
    spring = Nomination.objects.get(candidacy=lucas, cycle__name=SPRING)
    autumn = Nomination.objects.get(candidacy=lucas, cycle__name=AUTUMN)
    assert spring.decision == "not_yet" and autumn.decision == "promote"
    assert spring.submission.outcome == "not_yet" and autumn.submission.outcome == "promoted"
    gaps = spring.submission.gaps.all()
    assert {gap.criterion.slug for gap in gaps} == {"impact", "scope", "vision"}
    assert all(not gap.is_open for gap in gaps)
    closed = [gap for gap in autumn.packet["gaps"] if gap["closed_on"]]
    assert len(closed) == 3 and "vision doc" in " ".join(g["closed_note"] for g in closed)
    assert spring.packet["frozen_on"] < autumn.packet["frozen_on"]
    assert lucas.person.level.code == "L5"
    assert demo.levels_after_second_run[lucas.person.email] == "L5"
    assert demo.unchanged_by_the_second_run(Cycle, Nomination, Vote)


def test_the_candidates_mentor_sits_on_the_committee_but_does_not_vote(demo, db):
    spring = Nomination.objects.get(cycle__name=SPRING)
    mentors = set(spring.candidacy.current_mentors())
    members = set(spring.committee.members.all())
    assert mentors & members
    assert not mentors & {vote.member for vote in spring.votes.all()}
