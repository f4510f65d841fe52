"""The snapshot-refresh outbox: one coalesced request per person, published at once when
the broker answers, relayed when it did not, retried when a refresh dies on the database."""

import threading
from datetime import timedelta

import pytest
import redis
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from evidence.services import artifact_tag, artifact_update
from promo.celery import app
from promo.dashboards import outbox
from promo.dashboards.tasks import snapshot_refresh_relay, snapshot_refresh_task
from promo.models import ReadinessSnapshot, SnapshotRefreshRequest
from tests.broker import break_broker, restore_broker
from tests.conftest import require
from tests.evidence.factories import saved_artifact

Request = SnapshotRefreshRequest


@pytest.fixture
def queue(settings):
    """The messages this test process published to the real broker."""
    require(settings.REDIS_URL, "REDIS_URL is not set: these tests read the real queue")
    client, name = redis.Redis.from_url(settings.REDIS_URL), app.conf.task_default_queue
    client.delete(name)
    yield lambda: [m for m in client.lrange(name, 0, -1) if b"promo.snapshot_refresh" in m]
    client.delete(name)


@pytest.fixture
def black_holed_broker():
    hole = break_broker("black-holed")
    yield
    restore_broker()
    hole.close()


def pending(person):
    return Request.objects.filter(person=person).values_list("published_at", "attempts").first()


def test_the_relay_is_scheduled_every_30_seconds_in_the_database(db):
    relay = PeriodicTask.objects.get(task=snapshot_refresh_relay.name)
    assert relay.enabled and (relay.interval.every, relay.interval.period) == (30, "seconds")
    assert relay.task in app.tasks


def test_a_change_is_requested_and_published_then_cleared_by_its_refresh(
    world, queue, django_capture_on_commit_callbacks
):
    criterion = world.owner.ladder.criteria.first()
    with django_capture_on_commit_callbacks(execute=True):
        item = saved_artifact(world.owner)
        artifact_tag(artifact=item, criterion=criterion, strength="strong")
    assert len(queue()) == 1 and Request.objects.count() == 1, "one request per transaction"
    with django_capture_on_commit_callbacks(execute=True):
        artifact_update(artifact=item, data={"title": "Faster"}, expected_version=1, by=world.owner)
    assert len(queue()) == 1 and Request.objects.count() == 1, "the pending refresh covers it"
    published_at, attempts = pending(world.owner)
    assert published_at is not None and attempts == 1
    snapshot_refresh_task.apply(args=(world.owner.pk,))
    assert not Request.objects.exists()
    assert ReadinessSnapshot.objects.get(person=world.owner).strong_by_month[-1] == 1


def test_an_unpublished_request_waits_for_the_relay_then_drains(
    world, queue, black_holed_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        saved_artifact(world.owner)
    assert pending(world.owner) == (None, 0), "kept in the outbox, not published"
    restore_broker(forget_outage=False)  # back, but this process still remembers the outage
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay() == 1  # the relay probes the broker anyway
    assert len(queue()) == 1 and pending(world.owner)[1] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay() == 0, "a published request is not published again at once"
    snapshot_refresh_task.apply(args=(world.owner.pk,))
    assert not Request.objects.exists()


def test_a_lost_refresh_is_republished_and_a_hopeless_one_given_up(
    world, queue, django_capture_on_commit_callbacks
):
    now = timezone.now()
    long_ago = now - outbox.REPUBLISH_AFTER * 2
    Request.objects.create(person=world.owner, requested_at=long_ago, published_at=long_ago)
    Request.objects.create(
        person=world.manager, requested_at=now, published_at=now - timedelta(seconds=10)
    )
    Request.objects.create(
        person=world.mentor,
        requested_at=long_ago,
        published_at=long_ago,
        attempts=outbox.MAX_ATTEMPTS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay(now=now) == 1
    assert len(queue()) == 1
    assert set(Request.objects.values_list("person", flat=True)) == {
        world.owner.pk,
        world.manager.pk,
    }
    assert pending(world.owner) == (now, 1)


def test_a_refresh_that_dies_on_a_database_error_is_retried(world, monkeypatch):
    real_refresh, calls = outbox.snapshot_refresh, []

    def fails_once(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_refresh(**kwargs)

    monkeypatch.setattr(outbox, "snapshot_refresh", fails_once)
    Request.objects.create(person=world.owner, requested_at=timezone.now())
    result = snapshot_refresh_task.apply(args=(world.owner.pk,))
    assert result.successful() and len(calls) == 2
    assert ReadinessSnapshot.objects.filter(person=world.owner).exists()
    assert not Request.objects.exists()


def test_a_newer_request_survives_the_refresh_that_started_before_it(world, monkeypatch, queue):
    real_refresh = outbox.snapshot_refresh
    Request.objects.create(person=world.owner, requested_at=timezone.now())

    def refresh_while_a_change_comes_in(**kwargs):
        Request.objects.filter(person=world.owner).update(requested_at=timezone.now())
        return real_refresh(**kwargs)

    monkeypatch.setattr(outbox, "snapshot_refresh", refresh_while_a_change_comes_in)
    outbox.refresh_requested(person_id=world.owner.pk)
    assert Request.objects.filter(person=world.owner).exists()
    assert len(queue()) == 1, "the change counted on this refresh: it is published again"
    assert pending(world.owner)[1] == 1


def test_concurrent_relays_never_publish_the_same_row(transactional_db, world, queue):
    require(connection.vendor == "postgresql", "SKIP LOCKED needs PostgreSQL")
    Request.objects.all().delete()  # outside a test transaction, creating `world` wrote some
    for person in (world.owner, world.manager):
        Request.objects.create(person=person, requested_at=timezone.now())
    locked, release = threading.Event(), threading.Event()

    def another_relay_holds_the_owner():
        try:
            with transaction.atomic():
                Request.objects.select_for_update().filter(person=world.owner).get()
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=another_relay_holds_the_owner)
    holder.start()
    assert locked.wait(10)
    try:
        assert outbox.relay() == 1  # skips the locked row instead of waiting for it
    finally:
        release.set()
        holder.join(10)
    assert pending(world.owner) == (None, 0) and pending(world.manager)[1] == 1
    assert len(queue()) == 1


def test_a_request_after_a_commit_skips_people_deleted_meanwhile(transactional_db, world, queue):
    """The path a committed change takes: a transaction of its own, outside any other."""
    Request.objects.all().delete()  # outside a test transaction, creating `world` wrote some
    gone = world.other_engineer.pk
    world.other_engineer.delete()
    assert not connection.in_atomic_block
    assert outbox.refresh_request(person_ids={world.owner.pk, gone}) == 0
    assert list(Request.objects.values_list("person_id", flat=True)) == [world.owner.pk]
    assert pending(world.owner)[1] == 1 and len(queue()) == 1
    assert outbox.refresh_request(person_ids={world.owner.pk}) == 0
    assert Request.objects.count() == 1 and len(queue()) == 1, "the pending refresh covers it"
    later = timezone.now() + outbox.COVERED_FOR + timedelta(seconds=1)
    assert outbox.refresh_request(person_ids={world.owner.pk}, now=later) == 0
    assert len(queue()) == 2, "past the window a lost message is not counted on: published"
    assert pending(world.owner) == (later, 1)


def test_a_request_after_a_commit_is_one_statement_that_leaves_the_connection_as_it_was(
    transactional_db, world, queue
):
    """Its own commit skips waiting for the disk (one round trip, no BEGIN or SET), and
    only its own: the connection's next commit waits for the disk as before."""
    Request.objects.all().delete()  # outside a test transaction, creating `world` wrote some
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        before = cursor.fetchone()[0]
    with CaptureQueriesContext(connection) as queries:
        assert outbox.refresh_request(person_ids={world.owner.pk}) == 0
    [statement] = [query["sql"] for query in queries.captured_queries]
    assert "set_config('synchronous_commit', 'off', true)" in statement
    assert pending(world.owner)[1] == 1 and len(queue()) == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == before
