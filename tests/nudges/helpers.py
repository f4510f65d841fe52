from datetime import UTC, datetime

from django.utils import timezone

from evidence.models import Artifact
from promo.models import NudgeSettings, User
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


def due_engineers(count, now=None):
    """`count` engineers like `due_engineer`, inserted in bulk (a factory per person would
    hash a password each time): e0@example.com, e1@example.com, ..."""
    template = due_engineer(now, email="e0@example.com")
    people = User.objects.bulk_create(
        User(
            email=f"e{index}@example.com",
            display_name=f"Engineer {index}",
            password=template.password,
            time_zone=template.time_zone,
            ladder_id=template.ladder_id,
            level_id=template.level_id,
        )
        for index in range(1, count)
    )
    chosen = NudgeSettings.objects.get(person=template)
    NudgeSettings.objects.bulk_create(
        NudgeSettings(
            person=person,
            log_wins_weekday=chosen.log_wins_weekday,
            log_wins_hour=chosen.log_wins_hour,
        )
        for person in people
    )
    return [template, *people]
