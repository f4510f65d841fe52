"""Demo notifications for `seed_demo`. Idempotent: keyed by the (person, kind, period) claim."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from promo.demo import TEAMS, email_for
from promo.models import Notification, NudgeClaim, User
from promo.nudges.planner import local_clock


@transaction.atomic
def seed_notifications():
    """Each Payments engineer gets last week's "log your wins" nudge (read) and this
    week's (unread), as if beat and a worker had delivered them."""
    now = timezone.now()
    engineers = User.objects.filter(email__in=[email_for(name) for name in TEAMS["Payments"][1]])
    for person in engineers:
        for weeks_ago, read in ((1, True), (0, False)):
            when = now - timedelta(weeks=weeks_ago)
            period = local_clock(person.time_zone, when)["week"]
            claim, created = NudgeClaim.objects.get_or_create(
                person=person,
                kind="log_wins",
                period=period,
                defaults={
                    "status": NudgeClaim.Status.SENT,
                    "attempts": 1,
                    "created_at": when,
                    "enqueued_at": when,
                    "finished_at": when,
                },
            )
            if created:
                Notification.objects.create(
                    recipient=person,
                    kind="log_wins",
                    claim=claim,
                    title="Log this week's wins",
                    body=f"You have not logged any evidence this week ({period}).",
                    url=reverse("this_week"),
                    created_at=when,
                    read_at=when if read else None,
                )
