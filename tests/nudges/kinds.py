"""Helpers for the tests of each kind of nudge."""

from django.core import mail

from promo.models import Notification, NudgeClaim, NudgePreference, NudgeSettings, NudgeThreshold
from promo.nudges import planner
from promo.nudges.delivery import deliver_claim


def plan(kind, now):
    """Run the periodic planner for one kind; the number of new claims."""
    return planner.plan(now=now, kinds=[kind])[kind]


def claims(kind):
    return list(NudgeClaim.objects.filter(kind=kind).order_by("id"))


def any_hour(kind):
    """Let a kind's nudges go out at any local hour (its "earliest hour" threshold = 0)."""
    NudgeThreshold.objects.update_or_create(key=f"{kind}.local_hour", defaults={"value": 0})


def unsubscribe(person, kind, when):
    NudgePreference.objects.create(person=person, kind=kind, unsubscribed_at=when)


def on_vacation(person, today):
    NudgeSettings.objects.create(person=person, quiet_from=today, quiet_until=today)


def delivered(claim):
    """Deliver one claim in-process: (the email sent, the in-app notification)."""
    mail.outbox = []
    deliver_claim(claim.pk)
    [email] = mail.outbox
    return email, Notification.objects.get(claim=claim)
