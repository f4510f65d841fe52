"""One log line per request under its id, in the format the environment asks for."""

import logging
import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from promo.monitoring.logs import INCOMING_ID, JsonFormatter
from tests.monitoring.conftest import json_lines

ROOT = Path(__file__).resolve().parents[2]


def request_records(caplog):
    return [record for record in caplog.records if record.name == "promo.request"]


def test_a_request_gets_an_id_in_its_response_and_its_log_line(client, db, caplog):
    caplog.set_level(logging.INFO, logger="promo.request")
    response = client.get(reverse("healthz_live"))
    request_id = response["X-Request-ID"]
    assert INCOMING_ID.fullmatch(request_id)
    [record] = request_records(caplog)
    assert record.request_id == request_id
    assert (record.method, record.path, record.view, record.status) == (
        "GET", "/healthz/live", "healthz_live", 200
    )  # fmt: skip
    assert record.duration_ms >= 0
    assert record.user_id is None


def test_a_proxy_s_id_is_kept_and_a_malformed_one_replaced(client, db):
    kept = client.get(reverse("healthz_live"), headers={"X-Request-ID": "lb-7f3a9c21:0042"})
    assert kept["X-Request-ID"] == "lb-7f3a9c21:0042"
    for forged in ('x" injected="1', "short", "a" * 65, "line\nbreak-123456"):
        answered = client.get(reverse("healthz_live"), headers={"X-Request-ID": forged})
        assert answered["X-Request-ID"] != forged
        assert INCOMING_ID.fullmatch(answered["X-Request-ID"])


def test_the_line_names_the_signed_in_user_and_the_route_not_the_path(world, client, caplog):
    caplog.set_level(logging.INFO, logger="promo.request")
    client.force_login(world.owner)
    client.get(reverse("candidacy_detail", args=[987654]))
    [record] = request_records(caplog)
    assert record.user_id == world.owner.pk
    assert record.view == "candidacy_detail"
    assert record.path == "/candidacies/987654/"


def test_secret_parts_of_a_path_are_masked(client, db, caplog):
    caplog.set_level(logging.INFO, logger="promo.request")
    client.get(reverse("nudge_unsubscribe", args=["s3cret-token-value"]))
    [record] = request_records(caplog)
    assert "s3cret-token-value" not in record.path
    assert record.path == "/notifications/unsubscribe/<token>/"


def test_every_record_logged_during_a_request_carries_its_id(client, db, caplog):
    caplog.set_level(logging.INFO)
    response = client.get("/no-such-page/")
    request_id = response["X-Request-ID"]
    during = [record for record in caplog.records if record.name.startswith("django")]
    assert during, "Django logs a 404"
    assert {record.request_id for record in during} == {request_id}


def test_the_json_formatter_writes_extra_fields_and_the_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("promo.test").makeRecord(
            "promo.test", logging.ERROR, __file__, 1, "failed %s", ("x",), sys.exc_info(),
            extra={"status": 500},
        )  # fmt: skip
    import json

    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed x"
    assert line["status"] == 500
    assert "ValueError: boom" in line["exception"]


def run_a_request_in_a_process(path, extra_env, tmp_path):
    """A real process with production logging settings from the environment, its
    database a closed port: stderr holds what an operator's log collector would read."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        f"r = Client(HTTP_HOST='localhost').get({path!r},"
        " headers={'X-Request-ID': 'abc-12345678'});"
        "print(r.status_code)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "promo.settings",
        "DEBUG": "true",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/promo?connect_timeout=1",
        "PROMO_VAR_DIR": str(tmp_path),
        **extra_env,
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=180, check=True,  # a loaded 2-core CI box takes tens of seconds to start Django
    )  # fmt: skip
    return result


def test_log_format_json_writes_one_json_line_per_request(tmp_path):
    result = run_a_request_in_a_process("/healthz/live", {"LOG_FORMAT": "json"}, tmp_path)
    assert result.stdout.strip() == "200"
    [line] = [entry for entry in json_lines(result.stderr) if entry["logger"] == "promo.request"]
    assert line["request_id"] == "abc-12345678"
    assert line["view"] == "healthz_live"
    assert line["status"] == 200
    assert line["level"] == "INFO"


def test_plain_lines_are_the_default(tmp_path):
    result = run_a_request_in_a_process("/healthz/live", {"LOG_FORMAT": ""}, tmp_path)
    assert not json_lines(result.stderr)
    assert "INFO promo.request [abc-12345678] GET /healthz/live 200" in result.stderr
