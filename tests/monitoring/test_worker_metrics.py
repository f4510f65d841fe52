"""A host that runs only workers: a real `celery worker` process serves its task metrics on
METRICS_WORKER_ADDRESS, to allowed networks only."""

import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from promo.celery import app
from tests.broker import free_port
from tests.nudges.conftest import wait_for


def task_count(text, task):
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "promo_task_duration_seconds_count" and sample.labels == {
                "task": task,
                "state": "SUCCESS",
            }:
                return sample.value
    return 0


def fetch(url):
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode()
    except (urllib.error.URLError, ConnectionError):
        return ""


def test_a_worker_serves_the_latency_of_the_tasks_it_ran(workers, monkeypatch):
    address = f"127.0.0.1:{free_port()}"
    monkeypatch.setenv("METRICS_WORKER_ADDRESS", address)
    workers.start()
    app.send_task("promo.heartbeat")
    app.send_task("promo.heartbeat")
    url = f"http://{address}/metrics"
    wait_for(
        lambda: task_count(fetch(url), "promo.heartbeat") == 2,
        60,
        f"two heartbeats in the worker's metrics\n{workers.logs()}",
    )


def test_a_worker_s_metrics_are_404_outside_the_allowed_networks(workers, monkeypatch):
    address = f"127.0.0.1:{free_port()}"
    monkeypatch.setenv("METRICS_WORKER_ADDRESS", address)
    monkeypatch.setenv("METRICS_ALLOWED_NETWORKS", "10.0.0.0/8")
    monkeypatch.setenv("METRICS_TOKEN", "worker-scrape-secret-0123")
    workers.start()
    url = f"http://{address}/metrics"

    def status(headers):
        try:
            return urllib.request.urlopen(
                urllib.request.Request(url, headers=headers), timeout=5
            ).status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, ConnectionError):
            return None

    assert wait_for(lambda: status({}), 60, f"the worker's metrics\n{workers.logs()}") == 404
    assert status({"Authorization": "Bearer worker-scrape-secret-0123"}) == 200
