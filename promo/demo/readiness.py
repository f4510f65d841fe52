"""Demo impact check-ins. Runs after the evidence seeder (see DEMO_SEEDERS); idempotent."""

from django.db import transaction
from django.utils import timezone

from promo.models import ImpactCheckIn
from promo.readiness.checkins.services import checkins_plan_all

DEMO_OUTCOMES = [
    "Adopted by two more teams; support tickets on the old path stopped.",
    "Held up under the seasonal peak with no incident.",
    "Usage flattened after launch; we learned the docs were the real problem.",
]


@transaction.atomic
def seed_checkins():
    """Plan check-ins for every shipped demo artifact and record about half of the due
    30-day ones, so readiness pages show matured, awaiting and too-recent impact."""
    checkins_plan_all(everything=True)
    now = timezone.now()
    due = (
        ImpactCheckIn.objects.live()
        .filter(due_on__lte=now.date())
        .select_related("artifact")
        .order_by("artifact_id", "offset_days")
    )
    seen = set()
    for checkin in due:
        first_for_artifact = checkin.artifact_id not in seen
        seen.add(checkin.artifact_id)
        if not first_for_artifact or checkin.is_recorded or checkin.artifact_id % 2:
            continue
        checkin.outcome = DEMO_OUTCOMES[checkin.artifact_id % len(DEMO_OUTCOMES)]
        checkin.recorded_at = now
        checkin.recorded_by_id = checkin.artifact.owner_id
        checkin.save(update_fields=["outcome", "recorded_at", "recorded_by"])
