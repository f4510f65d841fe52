"""Data for the page benchmark, built fast with bulk inserts on top of the demo org.

`seed_demo` gives the realistic org (teams, mentors, cases, drafts, rounds, notifications).
The helpers here add what the demo lacks, in a handful of statements each:

- `seed_history`: weeks of weekly evidence for one person, each artifact tagged on 2 or 3
  criteria, all older than anything the demo made (so "this week" is unchanged);
- `seed_threads`: a review round grown to N threads with a reply each;
- `seed_people`: extra engineers under a manager (company scale), with evidence;
- `seed_cycle`: a promotion cycle in review whose committee judges N nominated engineers,
  nominated through the real services so each packet is frozen as in production.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.candidacies.services import candidacy_open
from promo.committees.services import (
    committee_set_members,
    cycle_advance,
    cycle_save,
    nomination_create,
)
from promo.demo.steps import ensure_default_ladder
from promo.models import Committee, Criterion, Cycle, Level, MentorAssignment, User
from reviews.models import Comment, Thread

KINDS = [kind for kind, _ in Artifact.Kind.choices]
BENCH_CYCLE = "Bench promotion cycle"
COMMITTEE_MEMBER = "committee@promo.example"


def _criteria_for(person):
    return list(Criterion.objects.filter(ladder_id=person.ladder_id).order_by("pk"))


def _bulk_artifacts(owner, weeks, *, before):
    """One artifact a week for `weeks` weeks, ending the week before `before`, plus tags."""
    criteria = _criteria_for(owner)
    now = timezone.now()
    artifacts = Artifact.objects.bulk_create(
        Artifact(
            owner=owner,
            title=f"Week {week}: shipped a change worth telling",
            happened_on=before - timedelta(weeks=week + 1),
            kind=KINDS[week % len(KINDS)],
            body="What I did, for whom, and why it mattered. " * 4,
            impact="Fewer pages at night; the team ships on Fridays again.",
            shipped_on=before - timedelta(weeks=week + 1),
            visibility=Artifact.Visibility.MENTORS_AND_MANAGER,
            created_at=now,
            updated_at=now,
        )
        for week in range(weeks)
    )
    if criteria:
        ArtifactTag.objects.bulk_create(
            ArtifactTag(artifact=artifact, criterion=criteria[(i + k * 2) % len(criteria)])
            for i, artifact in enumerate(artifacts)
            for k in range(2 + i % 2)
        )
    return artifacts


@transaction.atomic
def seed_history(person, weeks):
    """`weeks` weeks of weekly evidence for `person`, before their oldest artifact."""
    oldest = Artifact.all_objects.filter(owner=person).order_by("happened_on").first()
    before = oldest.happened_on if oldest else timezone.localdate()
    return len(_bulk_artifacts(person, weeks, before=before))


@transaction.atomic
def seed_threads(review_round, count):
    """Grow `review_round` to `count` threads, each with one comment by its reviewer."""
    template = review_round.threads.order_by("pk").first()
    if template is None:
        raise SystemExit(f"round {review_round.pk} has no thread to copy")
    missing = count - review_round.threads.count()
    if missing <= 0:
        return 0
    threads = Thread.objects.bulk_create(
        Thread(
            round=review_round,
            opened_in_id=template.opened_in_id,
            opened_by_id=template.opened_by_id,
            kind=template.kind,
            section_key=template.section_key,
            quote=template.quote,
            quote_prefix=template.quote_prefix,
            start=template.start,
            end=template.end,
            original_section_title=template.original_section_title,
            original_context=template.original_context,
        )
        for _ in range(missing)
    )
    Comment.objects.bulk_create(
        Comment(
            thread=thread,
            author_id=template.opened_by_id,
            body=f"Point {i}: say **who** benefited and how you know.",
        )
        for i, thread in enumerate(threads)
    )
    return missing


@transaction.atomic
def seed_people(manager, count, *, weeks, mentor=None):
    """`count` engineers reporting to `manager`, each with `weeks` weeks of evidence."""
    start = User.objects.count()
    people = User.objects.bulk_create(
        User(
            email=f"bench{start + i}@promo.example",
            display_name=f"Bench Person {start + i}",
            manager=manager,
            team_id=manager.team_id,
            ladder_id=manager.ladder_id,
            level=None,
            password="!",  # unusable: nobody logs in as them
        )
        for i in range(count)
    )
    if mentor is not None:
        MentorAssignment.objects.bulk_create(
            MentorAssignment(mentor=mentor, mentee=person) for person in people
        )
    today = timezone.localdate()
    for person in people:
        _bulk_artifacts(person, weeks, before=today)
    return len(people)


def _bench_user(email, name, **fields):
    return User.objects.create(email=email, display_name=name, password="!", **fields)


def seed_cycle(count, *, weeks=8):
    """A cycle in review with one L6 committee, `COMMITTEE_MEMBER` its only member, judging
    `count` L5 engineers with `weeks` weeks of evidence each, nominated by their manager.

    The candidates and their manager stand outside the demo's org (no manager above them,
    no team), so no other persona's page changes; the member manages and mentors nobody,
    so no row is conflicted. Returns the committee."""
    ladder = ensure_default_ladder()
    from_level = Level.objects.get(ladder=ladder, code="L5")
    target = from_level.next_level()
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    member = _bench_user(COMMITTEE_MEMBER, "Bench Committee Member", ladder=ladder)
    manager = _bench_user("committee-manager@promo.example", "Bench Nominating Manager")
    start = User.objects.count()
    people = User.objects.bulk_create(
        User(
            email=f"candidate{start + i}@promo.example",
            display_name=f"Bench Candidate {i:02}",
            manager=manager,
            ladder=ladder,
            level=from_level,
            password="!",
        )
        for i in range(count)
    )
    today = timezone.localdate()
    with transaction.atomic():
        for person in people:
            _bulk_artifacts(person, weeks, before=today)
    cycle = Cycle(
        name=BENCH_CYCLE,
        nomination_deadline=today + timedelta(days=7),
        committee_starts_on=today + timedelta(days=10),
        committee_ends_on=today + timedelta(days=12),
    )
    cycle_save(cycle=cycle, by=staff, levels=[target])
    committee = Committee.objects.get(cycle=cycle)
    committee_set_members(committee=committee, by=staff, members=[member])
    cycle_advance(cycle=cycle, by=staff)  # nominations open
    for person in people:
        candidacy = candidacy_open(person=person, by=manager, target_level=target)
        nomination_create(
            cycle=cycle,
            candidacy=candidacy,
            by=manager,
            endorsement="Sustained delivery across quarters; grew two engineers.",
        )
    cycle_advance(cycle=cycle, by=staff)  # in review
    return committee
