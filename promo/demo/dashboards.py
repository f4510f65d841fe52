"""Demo snapshots for the team dashboards: everyone's current readiness plus history."""

from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from promo.dashboards.snapshots import snapshot_values, snapshots_refresh_all
from promo.models import ReadinessMonth, User
from promo.readiness.calendar import add_months, local_today, month_start

HISTORY_MONTHS = 6


def _month_end(month):
    return datetime.combine(add_months(month, 1) - timedelta(days=1), time(18), tzinfo=UTC)


@transaction.atomic
def seed_snapshots(*, now=None):
    """Compute every snapshot now, and the status each person ended the last
    HISTORY_MONTHS months with (readiness judged as of each month's end), so the
    org-over-time chart has a story to tell. The months are each person's own: on the
    last evening of a month, someone further east is in the next one already, and the
    refresh below files their current month there. Idempotent."""
    now = now or timezone.now()
    people = list(User.objects.filter(is_active=True, ladder__isnull=False))
    for person in people:
        this_month = month_start(local_today(now, person.zone))
        for back in range(HISTORY_MONTHS, 0, -1):
            month = add_months(this_month, -back)
            status = snapshot_values(person, now=_month_end(month))["status"]
            ReadinessMonth.objects.update_or_create(
                person=person, month=month, defaults={"status": status}
            )
    return snapshots_refresh_all(now=now)
