from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import Artifact
from promo.models import ImpactCheckIn
from promo.nudges.kinds.checkin_due import KEY, message
from promo.readiness.calendar import local_today
from tests.nudges.kinds import any_hour, claims, delivered, on_vacation, plan, unsubscribe

pytestmark = pytest.mark.django_db


def checkin(owner, due_in_days, now, **artifact_fields):
    today = local_today(now, owner.zone)
    artifact = Artifact.objects.create(owner=owner, title="Faster checkout", **artifact_fields)
    return ImpactCheckIn.objects.create(
        artifact=artifact,
        offset_days=30,
        planned_from=today - timedelta(days=30),
        due_on=today + timedelta(days=due_in_days),
    )


@pytest.fixture
def now():
    any_hour(KEY)
    return timezone.now()


def test_one_nudge_per_due_check_in_exactly_once(world, now):
    first, second = checkin(world.owner, 0, now), checkin(world.owner, -3, now)
    assert plan(KEY, now) == 2
    assert plan(KEY, now + timedelta(hours=2)) == 0
    assert {claim.period for claim in claims(KEY)} == {
        f"checkin-{first.pk}",
        f"checkin-{second.pk}",
    }


def test_no_nudge_before_the_day_or_once_recorded_or_trashed(world, now):
    checkin(world.owner, 1, now)
    recorded = checkin(world.owner, -1, now)
    recorded.recorded_at = now
    recorded.save(update_fields=["recorded_at"])
    checkin(world.owner, -1, now, deleted_at=now)
    assert plan(KEY, now) == 0


def test_a_long_backlog_is_not_mailed_one_by_one(world, now):
    checkin(world.owner, -30, now)
    assert plan(KEY, now) == 0


def test_the_day_is_the_owners_local_day(world, now):
    tokyo = world.other_engineer
    tokyo.time_zone = "Asia/Tokyo"
    tokyo.save(update_fields=["time_zone"])
    # At 16:00 UTC it is already tomorrow in Tokyo: a check-in due tomorrow (UTC) is due.
    at = now.replace(hour=16, minute=0)
    checkin(tokyo, 1, at - timedelta(days=1))  # due on Tokyo's date at `at`, tomorrow in UTC
    assert plan(KEY, at) == 1


def test_unsubscribed_or_on_vacation_means_no_nudge(world, now):
    checkin(world.owner, 0, now)
    on_vacation(world.owner, local_today(now, world.owner.zone))
    assert plan(KEY, now) == 0
    world.owner.nudge_settings.delete()
    unsubscribe(world.owner, KEY, now)
    assert plan(KEY, now) == 0


def test_the_nudge_links_to_the_check_in_form(world, now):
    due = checkin(world.owner, 0, now)
    plan(KEY, now)
    email, notification = delivered(claims(KEY)[0])
    assert notification.url == reverse("checkin_record", args=[due.pk])
    assert '"Faster checkout" shipped 30 days ago' in email.body
    assert notification.url in email.body


def test_older_checkins_are_not_nudged_but_counted_as_still_open(world, now, settings):
    settings.CHECKIN_NUDGE_MAX_AGE_DAYS = 14
    checkin(world.owner, -20, now)
    checkin(world.owner, -40, now)
    checkin(world.owner, -1, now)
    assert plan(KEY, now) == 1
    email, notification = delivered(claims(KEY)[0])
    assert "2 older check-ins still open" in email.body
    assert reverse("checkins_due") in email.body
    assert "2 older check-ins still open" in notification.body


def test_a_snoozed_checkin_is_nudged_again_once_its_snooze_ends(world, now):
    snoozed = checkin(world.owner, -2, now)
    snoozed.snoozed_until = local_today(now, world.owner.zone) + timedelta(days=3)
    snoozed.save(update_fields=["snoozed_until"])
    assert plan(KEY, now) == 0
    later = now + timedelta(days=3)
    assert plan(KEY, later) == 1
    assert plan(KEY, later + timedelta(hours=1)) == 0
    [claim] = claims(KEY)
    assert claim.period == f"checkin-{snoozed.pk}-{snoozed.snoozed_until:%Y-%m-%d}"
    assert message(claim).path == reverse("checkin_record", args=[snoozed.pk])


def test_a_checkin_closed_as_unmeasurable_is_never_nudged(world, now):
    closed = checkin(world.owner, -1, now)
    closed.unmeasurable_at, closed.unmeasurable_reason = now, "No metric exists"
    closed.save(update_fields=["unmeasurable_at", "unmeasurable_reason"])
    assert plan(KEY, now) == 0
