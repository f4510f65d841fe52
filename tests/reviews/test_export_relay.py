"""The PDF export outbox: a job the broker refused at request time, or whose task was
lost, is published again by a beat task, and rendered exactly once however often it was
published."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from promo.celery import app
from reviews import export, outbox, tasks
from reviews.models import ExportJob
from tests.broker import restore_broker
from tests.reviews.factories import shared_round

RUNNING, QUEUED = ExportJob.Status.RUNNING, ExportJob.Status.QUEUED


@pytest.fixture
def version(world):
    return shared_round(world).version


@pytest.fixture
def published(monkeypatch):
    """The job ids the relay publishes, in order, instead of a broker."""
    ids = []
    monkeypatch.setattr(outbox, "publish_exports", lambda job_ids, probe=False: ids.extend(job_ids))
    return ids


def a_job(version, by, **fields):
    return ExportJob.objects.create(version=version, requested_by=by, **fields)


def test_the_relay_is_scheduled_every_minute_in_the_database(db):
    relay = PeriodicTask.objects.get(task=tasks.relay_exports.name)
    assert relay.enabled and (relay.interval.every, relay.interval.period) == (60, "seconds")
    assert relay.task in app.tasks


def test_the_relay_publishes_refused_and_lost_jobs_and_nothing_else(
    world, version, published, django_capture_on_commit_callbacks
):
    now = timezone.now()
    refused = a_job(version, world.owner, enqueued_at=None)
    lost = a_job(version, world.owner, enqueued_at=now - outbox.REPUBLISH_AFTER * 2)
    a_job(version, world.owner, enqueued_at=now - timedelta(seconds=30))  # still on its way
    a_job(version, world.owner, enqueued_at=None, status=RUNNING, started_at=now)
    a_job(version, world.owner, enqueued_at=None, status=ExportJob.Status.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay(now=now) == 2
    assert published == [refused.pk, lost.pk]
    refused.refresh_from_db()
    assert refused.enqueued_at == now
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay(now=now + timedelta(seconds=60)) == 0  # not again a minute on


def test_the_relay_publishes_a_bounded_number_per_run(
    world, version, published, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(outbox, "RELAY_LIMIT", 2)
    jobs = [a_job(version, world.owner) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay() == 2
        assert outbox.relay() == 1
    assert published == [job.pk for job in jobs]


def test_jobs_too_old_to_wait_for_or_stuck_running_fail_and_say_why(
    client, world, version, published, django_capture_on_commit_callbacks
):
    now = timezone.now()
    forgotten = a_job(version, world.owner, created_at=now - outbox.GIVE_UP_AFTER * 2)
    stuck = a_job(
        version, world.owner, status=RUNNING, started_at=now - outbox.INTERRUPTED_AFTER * 2
    )
    rendering = a_job(version, world.owner, status=RUNNING, started_at=now - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay(now=now) == 0
    assert published == []
    for job in (forgotten, stuck, rendering):
        job.refresh_from_db()
    assert (forgotten.status, forgotten.error) == ("failed", outbox.NOT_STARTED)
    assert (stuck.status, stuck.error) == ("failed", outbox.INTERRUPTED)
    assert rendering.status == RUNNING
    client.force_login(world.owner)
    page = client.get(reverse("reviews_export", args=[forgotten.pk])).content.decode()
    assert "Ask for the PDF again" in page and 'hx-trigger="every 1s"' not in page


def test_a_job_whose_worker_died_mid_render_is_queued_again_once_its_lease_runs_out(
    world, version, published, django_capture_on_commit_callbacks
):
    now = timezone.now()
    started = now - timedelta(minutes=1)
    orphan = a_job(
        version, world.owner, status=RUNNING, started_at=started, progress=40,
        leased_until=now - timedelta(seconds=1), enqueued_at=started,
    )  # fmt: skip
    rendering = a_job(
        version, world.owner, status=RUNNING, started_at=started,
        leased_until=now + timedelta(seconds=30), enqueued_at=started,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay(now=now) == 1
    assert published == [orphan.pk]
    orphan.refresh_from_db()
    assert (orphan.status, orphan.progress, orphan.leased_until) == (QUEUED, 0, None)
    rendering.refresh_from_db()
    assert rendering.status == RUNNING


def test_a_request_marks_its_job_published(client, world, version, published):
    client.force_login(world.owner)
    client.post(reverse("reviews_export_pdf", args=[version.document_id, version.number]))
    job = ExportJob.objects.get()
    assert job.enqueued_at is not None and job.status == QUEUED


@pytest.fixture
def own_queue():
    """A queue of this test's own, for publishing and for the worker alike."""
    queue = f"reviews-relay-{uuid.uuid4().hex[:12]}"
    previous, app.conf.task_default_queue = app.conf.task_default_queue, queue
    yield queue
    app.conf.task_default_queue = previous


@pytest.fixture
def renders(monkeypatch):
    """How often a PDF was rendered, and how many render tasks a worker ran."""
    counts = {"rendered": 0, "tasks": 0}
    lock = threading.Lock()
    real = export.as_pdf

    def counting(*args, **kwargs):
        with lock:
            counts["rendered"] += 1
        return real(*args, **kwargs)

    def finished(sender=None, **kwargs):
        with lock:
            counts["tasks"] += 1

    monkeypatch.setattr(export, "as_pdf", counting)
    task_postrun.connect(finished, sender=tasks.render_pdf, weak=False)
    yield counts
    task_postrun.disconnect(finished, sender=tasks.render_pdf)


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_broken_broker_at_request_time_is_relayed_and_the_pdf_made_once(
    client, world, version, own_queue, renders, broken_broker
):
    # The draft and its round are made first (fixtures run in this order): only asking
    # for the PDF meets the broken broker.
    client.force_login(world.owner)
    url = reverse("reviews_export_pdf", args=[version.document_id, version.number])
    started = time.monotonic()
    response = client.post(url)
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 2.5, f"the request waited {elapsed:.1f}s on a {broken_broker} broker"
    job = ExportJob.objects.get()
    assert (job.status, job.enqueued_at) == (QUEUED, None)  # waiting in the outbox

    started = time.monotonic()
    outbox.relay()  # the broker is still down: bounded, and the job still waits
    assert time.monotonic() - started < 2.5
    job.refresh_from_db()
    assert (job.status, job.enqueued_at) == (QUEUED, None)

    restore_broker()  # the broker is back
    assert outbox.relay() == 1
    # The relay publishes it once more, as when it takes a slow worker for a lost task.
    assert outbox.relay(now=timezone.now() + outbox.REPUBLISH_AFTER + timedelta(seconds=1)) == 1
    with start_worker(app, perform_ping_check=False, shutdown_timeout=10, queues=[own_queue]):
        wait_until(lambda: renders["tasks"] == 2, 90, "both published tasks to run")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and bytes(job.content).startswith(b"%PDF")
    assert renders["rendered"] == 1
    download = client.get(reverse("reviews_export_download", args=[job.pk]))
    assert download.content.startswith(b"%PDF")
