"""Demo impact check-ins. Runs after the evidence seeder (see DEMO_SEEDERS); idempotent."""

from django.db import transaction
from django.utils import timezone

from promo.demo.evidence import PROFILES
from promo.demo.steps import TEAMS, email_for
from promo.models import ImpactCheckIn
from promo.readiness.checkins.services import checkins_plan_all

DEMO_OUTCOMES = [
    "Adopted by two more teams; support tickets on the old path stopped.",
    "Held up under the seasonal peak with no incident.",
    "Usage flattened after launch; we learned the docs were the real problem.",
]


def _habits():
    """How each demo engineer answers check-ins, by evidence profile: the consistent ones
    and the steady ones answer every check-in (so the demo has people honestly Ready and
    Close), the others about half of the first ones. The demo engineer (the first one)
    keeps a backlog: their story is a "Not yet" beside overdue check-ins."""
    names = [name for _, members in TEAMS.values() for name in members]
    habits = {email_for(name): PROFILES[i % len(PROFILES)] for i, name in enumerate(names)}
    habits[email_for(names[0])] = "backlog"
    return habits


def _answers(habit, checkin, first_for_artifact):
    if habit in {"consistent", "steady"}:
        return True
    return first_for_artifact and not checkin.artifact_id % 2


@transaction.atomic
def seed_checkins():
    """Plan check-ins for every shipped demo artifact and record the due ones each
    engineer's habit answers (_habits), so readiness pages show matured, awaiting and
    too-recent impact, and the dashboards show Ready, Close and Building honestly."""
    checkins_plan_all(everything=True)
    habits = _habits()
    now = timezone.now()
    due = (
        ImpactCheckIn.objects.live()
        .filter(due_on__lte=now.date())
        .select_related("artifact__owner")
        .order_by("artifact_id", "offset_days")
    )
    seen = set()
    for checkin in due:
        first_for_artifact = checkin.artifact_id not in seen
        seen.add(checkin.artifact_id)
        habit = habits.get(checkin.artifact.owner.email, "")
        if checkin.is_recorded or not _answers(habit, checkin, first_for_artifact):
            continue
        checkin.outcome = DEMO_OUTCOMES[checkin.artifact_id % len(DEMO_OUTCOMES)]
        checkin.recorded_at = now
        checkin.recorded_by_id = checkin.artifact.owner_id
        checkin.save(update_fields=["outcome", "recorded_at", "recorded_by"])
