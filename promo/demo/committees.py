"""The demo's promotion cycles: Lucas Silva's case, turned down in the spring cycle for
too-recent impact and scope shown only in flashes, its gaps closed with a vision doc and
matured check-ins, and approved in the autumn cycle. Built through the services, with
each cycle's dates in the past; the packets are frozen as the case stood on each day.
Idempotent: once the spring cycle exists, only the promotion's level is kept."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from promo.candidacies.services import candidacy_open, candidacy_resubmit, gap_close
from promo.committees.release import cycle_release
from promo.committees.services import (
    committee_set_members,
    cycle_advance,
    cycle_save,
    nomination_create,
    nomination_decide,
    vote_cast,
)
from promo.demo.steps import PRINCIPALS, email_for
from promo.models import Candidacy, Committee, Criterion, Cycle, User

CANDIDATE = "Lucas Silva"
SPRING, AUTUMN = "Spring promotion cycle", "Autumn promotion cycle"
SPRING_FEEDBACK = {
    "impact": "The ledger migration shipped six weeks ago: its impact is too recent to judge. "
    "Answer the 90-day check-in.",
    "scope": "Scope shows in flashes (one quarter in three). Show it again across quarters.",
    "vision": "Write down where the payments platform should go next.",
}
GAP_NOTES = {
    "impact": "The 90-day check-in matured: settlement errors down 40%.",
    "scope": "Led the refunds redesign across two quarters, end to end.",
    "vision": "Published the payments platform vision doc; two teams plan against it.",
}


def _person(name):
    return User.objects.select_related("ladder", "level", "manager").get(email=email_for(name))


def _at(days_ago):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(10)))


def _cycle(name, level, members, staff, days_ago):
    """A cycle taking nominations, then dated `days_ago` (nominations closed by then)."""
    today = timezone.localdate()
    cycle = Cycle(
        name=name,
        nomination_deadline=today,
        committee_starts_on=today,
        committee_ends_on=today,
    )
    cycle_save(cycle=cycle, by=staff, levels=[level])
    committee_set_members(committee=Committee.objects.get(cycle=cycle), by=staff, members=members)
    cycle_advance(cycle=cycle, by=staff)
    return cycle


def _redate(cycle, days_ago):
    day = timezone.localdate() - timedelta(days=days_ago)
    Cycle.objects.filter(pk=cycle.pk).update(
        nomination_deadline=day, committee_starts_on=day + timedelta(days=7),
        committee_ends_on=day + timedelta(days=9),
    )  # fmt: skip
    cycle.refresh_from_db()


def _judge(nomination, members, staff, *, overall, feedback):
    cycle = nomination.cycle
    cycle_advance(cycle=cycle, by=staff)  # into review
    value = "meets" if overall == "promote" else "not_yet"
    for member in members:
        criteria = {str(c["id"]): value for c in nomination.packet["readiness"]["criteria"]}
        note = "Clear, sustained case." if overall == "promote" else "Not yet: see the feedback."
        vote_cast(
            nomination=nomination, member=member, criteria=criteria, overall=overall, note=note
        )
    nomination_decide(nomination=nomination, by=members[0], decision=overall, feedback=feedback)
    cycle_release(cycle=cycle, by=staff, accept_warnings=True, decided_on=cycle.committee_ends_on)


def _spring(candidacy, manager, judges, staff, slugs):
    cycle = _cycle(SPRING, candidacy.target_level, judges, staff, 190)
    nomination = nomination_create(
        cycle=cycle,
        candidacy=candidacy,
        by=manager,
        endorsement="Lucas carried the ledger migration and mentors the team's newcomers.",
        now=_at(190),
    )
    _redate(cycle, 190)
    feedback = {str(slugs[slug]): text for slug, text in SPRING_FEEDBACK.items()}
    _judge(nomination, judges[:2], staff, overall="not_yet", feedback=feedback)


def _autumn(candidacy, manager, judges, staff):
    candidacy.refresh_from_db()
    candidacy_resubmit(candidacy=candidacy, by=candidacy.person)
    for gap in candidacy.gaps.select_related("criterion"):
        gap_close(gap=gap, by=candidacy.person, note=GAP_NOTES[gap.criterion.slug])
    cycle = _cycle(AUTUMN, candidacy.target_level, judges, staff, 20)
    nomination = nomination_create(
        cycle=cycle,
        candidacy=candidacy,
        by=manager,
        endorsement="Every gap from the spring is closed, with matured impact to show.",
        now=_at(20),
    )
    _redate(cycle, 20)
    _judge(nomination, judges[:2], staff, overall="promote", feedback={})


@transaction.atomic
def seed_cycles():
    """The spring "not yet" and the autumn promotion of one engineer's case."""
    person = _person(CANDIDATE)
    existing = Candidacy.objects.filter(person=person, nominations__cycle__name=AUTUMN).first()
    if existing is not None:
        # seed_org resets levels; the autumn promotion keeps the level it gave.
        User.objects.filter(pk=person.pk).update(level=existing.target_level_id)
        return
    staff = User.objects.filter(is_staff=True).order_by("id").first()
    # The candidate's own mentor sits on the committee too: they present, never vote.
    judges = [_person(name) for name in reversed(PRINCIPALS)]
    candidacy = candidacy_open(person=person, by=person.manager)
    slugs = dict(Criterion.objects.filter(ladder_id=candidacy.ladder_id).values_list("slug", "pk"))
    _spring(candidacy, person.manager, judges, staff, slugs)
    _autumn(candidacy, person.manager, judges, staff)
