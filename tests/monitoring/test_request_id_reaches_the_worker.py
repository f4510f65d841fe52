"""A request's id travels with the task it enqueues: a real `celery worker` process logs
the task under the same id (Redis and PostgreSQL, as tests/nudges/test_worker.py)."""

from django.urls import reverse
from django.utils import timezone

from promo.celery import app
from promo.models import SnapshotRefreshRequest
from tests.factories import engineer
from tests.monitoring.conftest import json_lines
from tests.nudges.conftest import wait_for


def task_lines(workers, task_name):
    return [
        line
        for line in json_lines(workers.logs())
        if line.get("logger") == "promo.task" and line.get("task") == task_name
    ]


def test_the_task_a_request_publishes_is_logged_under_the_request_s_id(
    workers, client, monkeypatch
):
    """Logging a win publishes its owner's snapshot refresh after commit, through the
    dashboards' outbox and promo.celery.publish_bounded."""
    monkeypatch.setenv("LOG_FORMAT", "json")
    workers.start()
    person = engineer("L4")
    client.force_login(person)
    response = client.post(
        reverse("quick_capture"),
        {"line": "Shipped retry budgets"},
        headers={"X-Request-ID": "req-from-the-proxy-0001"},
    )
    assert response.status_code in (200, 302)
    assert response["X-Request-ID"] == "req-from-the-proxy-0001"

    lines = wait_for(
        lambda: task_lines(workers, "promo.snapshot_refresh"),
        60,
        f"the worker's line for the refresh\n{workers.logs()}",
    )
    [line] = lines
    assert line["request_id"] == "req-from-the-proxy-0001"
    assert line["state"] == "SUCCESS"
    assert line["duration_ms"] >= 0
    assert not SnapshotRefreshRequest.objects.filter(person=person).exists()
    # Celery's own line for the task, written while it ran, carries the id too.
    [succeeded] = [
        entry
        for entry in json_lines(workers.logs())
        if entry["logger"] == "celery.app.trace" and line["task_id"] in entry["message"]
    ]
    assert succeeded["request_id"] == "req-from-the-proxy-0001"


def test_a_task_the_relay_publishes_runs_under_the_relay_s_id(workers, monkeypatch):
    """A refresh the broker missed is published later by the relay (a beat task), with no
    request behind it: it runs under the relay's id, so the two lines still join up."""
    monkeypatch.setenv("LOG_FORMAT", "json")
    person = engineer("L4")
    SnapshotRefreshRequest.objects.create(person=person, requested_at=timezone.now())
    workers.start()
    app.send_task("promo.snapshot_refresh_relay")
    [refresh] = wait_for(
        lambda: task_lines(workers, "promo.snapshot_refresh"),
        60,
        f"the relayed refresh\n{workers.logs()}",
    )
    [relay] = task_lines(workers, "promo.snapshot_refresh_relay")
    assert relay["request_id"] == relay["task_id"]
    assert refresh["request_id"] == relay["task_id"]
