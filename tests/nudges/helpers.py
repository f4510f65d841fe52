from datetime import UTC, datetime

from django.utils import timezone

from evidence.models import Artifact
from promo.models import NudgeSettings
from tests.factories import engineer

# A Friday: 16:00 in London, 11:00 in New York, 01:00 on Saturday in Tokyo.
FRIDAY_4PM_UTC = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


def due_engineer(now=None, *, time_zone="UTC", **fields):
    """An engineer whose chosen day is today (in their zone) and whose hour has come."""
    now = now or timezone.now()
    person = engineer("L5", time_zone=time_zone, **fields)
    local = now.astimezone(person.zone)
    NudgeSettings.objects.create(person=person, log_wins_weekday=local.weekday(), log_wins_hour=0)
    return person


def log_a_win(person, at):
    return Artifact.objects.create(owner=person, title="Shipped it", created_at=at)
