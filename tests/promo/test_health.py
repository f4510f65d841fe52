import json
import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from promo.models import Heartbeat
from promo.web.tasks import heartbeat

ROOT = Path(__file__).resolve().parents[2]


def test_it_reports_database_and_broker(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["worker_last_seen"] is None


def test_it_reports_the_last_heartbeat(client, db):
    heartbeat()
    body = client.get(reverse("healthz")).json()
    assert body["worker_last_seen"] == Heartbeat.objects.get().beat_at.isoformat()
    assert Heartbeat.objects.get().beat_at <= timezone.now()


def test_it_is_503_when_the_database_is_unreachable(tmp_path):
    # A real process whose database is a closed port: nothing is mocked.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "promo.settings",
        "DEBUG": "true",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/promo?connect_timeout=1",
        "PROMO_VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert outcome["body"]["database"].startswith("down")
    assert outcome["body"]["status"] == "down"


def test_check_heartbeat_fails_without_a_recent_beat(db):
    import datetime

    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No heartbeat yet"):
        call_command("check_heartbeat")
    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - datetime.timedelta(minutes=10))
    with pytest.raises(CommandError, match="max 180 s"):
        call_command("check_heartbeat")
    heartbeat()
    call_command("check_heartbeat")
