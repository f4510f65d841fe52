"""Planning and recording impact check-ins."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from promo.models import ImpactCheckIn
from promo.readiness.checkins.services import (
    artifacts_needing_plan,
    checkin_record,
    checkins_due_for,
    checkins_plan_all,
    checkins_plan_for,
)
from promo.readiness.checkins.tasks import checkins_plan as checkins_plan_task
from tests.promo.readiness.helpers import artifact, noon, record

SHIPPED = date(2026, 1, 10)


def offsets_of(item):
    return sorted(item.checkins.values_list("offset_days", "due_on"))


def test_shipped_work_gets_a_checkin_at_each_ladder_offset(world):
    item = artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    checkins_plan_for(item)
    checkins_plan_for(item)
    assert offsets_of(item) == [(30, date(2026, 2, 9)), (90, date(2026, 4, 10))]
    unshipped = artifact(world.owner, SHIPPED)
    checkins_plan_for(unshipped)
    assert not unshipped.checkins.exists()


def test_the_database_refuses_a_second_checkin_for_the_same_offset(world):
    item = artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    checkins_plan_for(item)
    with pytest.raises(IntegrityError):
        ImpactCheckIn.objects.create(
            artifact=item, offset_days=30, planned_from=SHIPPED, due_on=SHIPPED
        )


def test_offsets_come_from_the_owners_ladder(world):
    world.owner.ladder.checkin_offsets_days = [14]
    world.owner.ladder.save(update_fields=["checkin_offsets_days"])
    item = artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    checkins_plan_for(item)
    assert offsets_of(item) == [(14, date(2026, 1, 24))]


def test_redating_replans_pending_checkins_and_keeps_recorded_ones(world):
    item = artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    checkins_plan_for(item)
    record(item.checkins.get(offset_days=30), date(2026, 2, 12))
    item.shipped_on = date(2026, 3, 1)
    item.save(update_fields=["shipped_on"])
    checkins_plan_for(item)
    thirty, ninety = item.checkins.order_by("offset_days")
    assert thirty.is_recorded and thirty.due_on == date(2026, 2, 9)
    assert not ninety.is_recorded and ninety.due_on == date(2026, 5, 30)
    assert ninety.planned_from == date(2026, 3, 1)


def test_unshipping_or_trashing_drops_pending_checkins_and_restoring_brings_them_back(world):
    item = artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    checkins_plan_for(item)
    record(item.checkins.get(offset_days=30), date(2026, 2, 12))
    item.deleted_at = timezone.now()
    item.save(update_fields=["deleted_at"])
    checkins_plan_for(item)
    assert list(ImpactCheckIn.objects.filter(artifact=item).values_list("offset_days", flat=True))
    assert ImpactCheckIn.objects.filter(artifact=item).get().offset_days == 30
    item.deleted_at = None
    item.save(update_fields=["deleted_at"])
    checkins_plan_for(item)
    assert item.checkins.count() == 2
    item.shipped_on = None
    item.save(update_fields=["shipped_on"])
    checkins_plan_for(item)
    assert list(item.checkins.values_list("offset_days", flat=True)) == [30]


def test_the_periodic_pass_plans_only_what_needs_it_idempotently(world):
    items = [artifact(world.owner, SHIPPED, shipped_on=SHIPPED) for _ in range(3)]
    artifact(world.owner, SHIPPED)
    assert sorted(artifacts_needing_plan()) == sorted(i.pk for i in items)
    checkins_plan_task.apply()
    assert ImpactCheckIn.objects.count() == 6
    assert list(artifacts_needing_plan()) == []
    assert checkins_plan_all() == 0
    ImpactCheckIn.objects.filter(artifact=items[0]).update(planned_from=date(2020, 1, 1))
    assert list(artifacts_needing_plan()) == [items[0].pk]
    assert checkins_plan_all(everything=True) == 3
    assert ImpactCheckIn.objects.filter(planned_from=SHIPPED).count() == 6


@pytest.mark.parametrize("count", [1, 60])
def test_the_periodic_pass_runs_constant_queries(world, count, django_assert_max_num_queries):
    for _ in range(count):
        artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    # SQLite caps the variables in one statement, so its bulk insert of 120 rows takes two.
    # On PostgreSQL, one of them renews the facts token (promo.web.readiness_changed).
    with django_assert_max_num_queries(8):
        checkins_plan_all()
    assert ImpactCheckIn.objects.count() == 2 * count


def test_recording_is_refused_before_the_checkin_is_due(world):
    item = artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    checkins_plan_for(item)
    checkin = item.checkins.get(offset_days=30)
    with pytest.raises(ValidationError, match="opens on 2026-02-09"):
        checkin_record(
            checkin=checkin, by=world.owner, outcome="Great", expected_version=1, now=noon(SHIPPED)
        )
    with pytest.raises(ValidationError, match="what actually happened"):
        checkin_record(
            checkin=checkin,
            by=world.owner,
            outcome=" ",
            expected_version=1,
            now=noon(date(2026, 2, 9)),
        )


def test_recording_keeps_the_first_time_and_updates_the_text(world):
    item = artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    checkins_plan_for(item)
    checkin = item.checkins.get(offset_days=30)
    first = noon(date(2026, 2, 10))
    checkin_record(
        checkin=checkin,
        by=world.owner,
        outcome="p99 fell",
        metric_before="420 ms",
        metric_after="180 ms",
        link="https://dash.example/p99",
        expected_version=1,
        now=first,
    )
    checkin_record(
        checkin=checkin,
        by=world.owner,
        outcome="p99 held",
        expected_version=2,
        now=first + timedelta(5),
    )
    checkin.refresh_from_db()
    assert checkin.recorded_at == first and checkin.outcome == "p99 held"
    assert checkin.recorded_by == world.owner


def test_due_checkins_are_the_owners_pending_ones_whose_day_has_come(world):
    item = artifact(world.owner, SHIPPED, shipped_on=SHIPPED)
    other = artifact(world.other_engineer, SHIPPED, shipped_on=SHIPPED)
    checkins_plan_for(item)
    checkins_plan_for(other)
    assert list(checkins_due_for(world.owner, now=noon(date(2026, 2, 8)))) == []
    due = list(checkins_due_for(world.owner, now=noon(date(2026, 4, 10))))
    assert [c.offset_days for c in due] == [30, 90]
    record(due[0], date(2026, 4, 10))
    assert len(checkins_due_for(world.owner, now=noon(date(2026, 4, 10)))) == 1


def test_the_demo_seeder_is_idempotent(world):
    from promo.demo.readiness import seed_checkins

    items = [artifact(world.owner, SHIPPED, shipped_on=SHIPPED) for _ in range(4)]
    seed_checkins()
    seed_checkins()
    assert ImpactCheckIn.objects.count() == 8
    recorded = ImpactCheckIn.objects.recorded()
    assert set(recorded.values_list("offset_days", flat=True)) == {30}
    assert recorded.count() == sum(1 for i in items if i.pk % 2 == 0)
