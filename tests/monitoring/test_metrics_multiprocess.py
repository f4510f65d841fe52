"""Several gunicorn workers, one answer: with PROMETHEUS_MULTIPROC_DIR set, whichever
worker takes the scrape reports the requests every worker served, and nothing a process
of an earlier run measured (a real gunicorn with two sync workers and promo's hooks,
production settings, on the test database)."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from tests.broker import free_port
from tests.nudges.conftest import require_postgres

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 40
STALE_VIEW = "a_view_of_an_earlier_run"
# A process of an earlier run of the server: it served one request, wrote its measurement
# to the shared folder and exited.
EARLIER_RUN = f"""
from prometheus_client import Histogram
latency = Histogram("promo_http_request_duration_seconds", "", ["view", "method", "status"])
latency.labels("{STALE_VIEW}", "GET", "2xx").observe(0.1)
"""


def database_url():
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{quote(db['USER'] or '')}{password}@{db['HOST']}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    require_postgres()
    port, folder = free_port(), tmp_path / "prometheus"
    folder.mkdir()
    earlier = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    subprocess.run([sys.executable, "-c", EARLIER_RUN], env=earlier, check=True, timeout=60)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "false",
        "SECRET_KEY": "a-test-only-secret-key-that-is-long-enough-0123456789",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "PROMO_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:promo.gunicorn", "promo.wsgi",
         "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/metrics", timeout=5).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("gunicorn did not answer:\n" + (tmp_path / "gunicorn.log").read_text())
            time.sleep(0.3)
    yield base, folder
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def served_count(text, view="healthz_live"):
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "promo_http_request_duration_seconds_count"
                and sample.labels.get("view") == view
            ):
                return sample.value
    return 0


@pytest.mark.slow(seconds=40)
def test_each_scrape_counts_every_worker_s_requests(gunicorn):
    base, folder = gunicorn

    def get(_):
        return urllib.request.urlopen(f"{base}/healthz/live", timeout=30).status

    # Eight at a time: a sync worker serves one request at a time, so both work.
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(get, range(REQUESTS))) == {200}
    workers_that_served = {path.stem.split("_")[-1] for path in folder.glob("histogram_*.db")}
    assert len(workers_that_served) == 2
    for _ in range(6):  # whichever worker answers the scrape
        text = urllib.request.urlopen(f"{base}/metrics", timeout=30).read().decode()
        assert served_count(text) == REQUESTS


@pytest.mark.slow(seconds=30)
def test_measurements_of_an_earlier_run_are_not_counted(gunicorn):
    base, folder = gunicorn
    text = urllib.request.urlopen(f"{base}/metrics", timeout=30).read().decode()
    assert served_count(text) == 0
    assert served_count(text, STALE_VIEW) == 0
    assert "promo_http_request_duration_seconds" in text  # the family is there, this run's
