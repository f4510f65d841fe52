"""/healthz/live says the process answers; /healthz/ready says it can do its work."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from promo.models import Heartbeat
from promo.web import health
from promo.web.tasks import heartbeat
from tests.monitoring.test_request_logs import run_a_request_in_a_process

OUTSIDER = {"REMOTE_ADDR": "203.0.113.9"}


@pytest.fixture
def migrations_checked_afresh(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_live_answers_without_a_database(tmp_path):
    result = run_a_request_in_a_process("/healthz/live", {}, tmp_path)
    assert result.stdout.strip() == "200"


def test_ready_is_200_with_database_broker_migrations_and_a_recent_heartbeat(client, db):
    heartbeat()
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready" and body["failing"] == []
    assert body["checks"] == {
        "database": "ok", "broker": "ok", "migrations": "ok", "worker_heartbeat": "ok"
    }  # fmt: skip


def test_ready_is_503_naming_a_missing_or_stale_heartbeat(client, db):
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker_heartbeat"]
    assert response.json()["checks"]["worker_heartbeat"] == "stale: no worker heartbeat yet"
    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - datetime.timedelta(minutes=4))
    body = client.get(reverse("healthz_ready")).json()
    assert body["checks"]["worker_heartbeat"].startswith("stale: last heartbeat 24")


def test_ready_names_the_failing_part_to_anyone_and_details_only_to_loopback(client, db):
    body = client.get(reverse("healthz_ready"), **OUTSIDER).json()
    assert body == {"status": "not ready", "failing": ["worker_heartbeat"]}


def test_ready_is_503_while_a_migration_is_not_applied(client, db, migrations_checked_afresh):
    heartbeat()
    with connection.cursor() as cursor:  # the test's transaction rolls this back
        cursor.execute(
            "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)"
        )
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    assert response.json()["checks"]["migrations"].startswith("pending: 1 migration")


def test_ready_is_503_when_the_broker_is_down(client, db, settings):
    from tests.broker import free_port

    heartbeat()
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


def test_ready_is_503_without_a_database(tmp_path):
    result = run_a_request_in_a_process("/healthz/ready", {}, tmp_path)
    assert result.stdout.strip() == "503"


def test_healthz_still_answers_200_before_any_heartbeat(client, db):
    """The old path keeps its old meaning: load balancers already probe it."""
    assert client.get(reverse("healthz")).status_code == 200
