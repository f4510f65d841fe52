"""Snapshots: manager-audience counts, the "close" rule, history rows, refresh on commit."""

from datetime import date, timedelta

import pytest

from evidence.models import Artifact
from promo.dashboards.snapshots import snapshot_refresh, snapshots_refresh_all, status_of
from promo.models import ReadinessMonth, ReadinessSnapshot
from promo.readiness.facts import Readiness, Rule
from tests.evidence.factories import saved_artifact
from tests.promo.readiness.helpers import artifact

pytestmark = pytest.mark.django_db
V = Artifact.Visibility


def _total_strong(snapshot):
    return sum(snapshot.strong_by_month)


def test_private_and_mentor_only_evidence_is_never_counted(world):
    owner, slug = world.owner, world.owner.ladder.criteria.first().slug
    today = date.today()
    artifact(owner, today, tags={slug: "strong"}, visibility=V.PRIVATE)
    artifact(owner, today, tags={slug: "strong"}, visibility=V.MENTORS)
    artifact(owner, today, tags={slug: "strong"}, is_draft=True)
    snapshot = snapshot_refresh(person_id=owner.pk)
    assert _total_strong(snapshot) == 0
    assert snapshot.last_evidence_on is None
    assert snapshot.is_stale
    artifact(owner, today - timedelta(days=3), tags={slug: "strong"})
    snapshot = snapshot_refresh(person_id=owner.pk)
    assert _total_strong(snapshot) == 1
    assert snapshot.last_evidence_on == today - timedelta(days=3)
    assert not snapshot.is_stale


def test_refresh_is_idempotent_and_keeps_one_history_row_per_month(world):
    snapshot_refresh(person_id=world.owner.pk)
    snapshot_refresh(person_id=world.owner.pk)
    assert ReadinessSnapshot.objects.filter(person=world.owner).count() == 1
    assert ReadinessMonth.objects.filter(person=world.owner).count() == 1


def test_refresh_all_covers_everyone_and_skips_missing_people(world):
    assert snapshots_refresh_all() == ReadinessSnapshot.objects.count()
    assert snapshot_refresh(person_id=987654) is None


def _readiness(standing):
    return Readiness(
        today=date.today(),
        rule=Rule(),
        months=(),
        criteria=(),
        open_gaps=(),
        ready=False,
        sentence="",
        standing=standing,
    )


@pytest.mark.parametrize("standing", ["ready", "close", "building"])
def test_the_status_is_the_rules_standing(standing):
    # The rule itself is pinned in tests/promo/readiness/test_standing.py.
    assert status_of(_readiness(standing)) == standing


def test_no_ladder_is_its_own_status():
    assert status_of(None) == "no_ladder"


def test_changes_queue_a_refresh_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        saved_artifact(world.owner)
    assert callbacks, "saving evidence queues a snapshot refresh once the transaction commits"


# --- queueing a refresh after commit -----------------------------------------------------


def test_a_change_queues_its_owners_refresh_on_the_real_broker(
    world, settings, django_capture_on_commit_callbacks
):
    import redis

    from promo.celery import app
    from tests.conftest import require

    require(settings.REDIS_URL, "REDIS_URL is not set: this test reads the real queue")
    queue = redis.Redis.from_url(settings.REDIS_URL)
    name = app.conf.task_default_queue
    queue.delete(name)
    with django_capture_on_commit_callbacks(execute=True):
        saved_artifact(world.owner)
    messages = queue.lrange(name, 0, -1)
    queue.delete(name)
    assert len(messages) == 1 and b"promo.snapshot_refresh" in messages[0]


def test_a_broken_broker_does_not_hold_up_the_change(
    world, broken_broker, django_capture_on_commit_callbacks
):
    import time

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        saved_artifact(world.owner)
    elapsed = time.monotonic() - started
    assert elapsed < 2.5, f"saving waited {elapsed:.1f}s on a {broken_broker} broker"
    assert Artifact.objects.filter(owner=world.owner).count() == 1
