"""A real Celery worker inside a test, on a queue of the test's own, so no routing state
left by earlier tests in the same process can send the task elsewhere."""

import time
import uuid
from contextlib import contextmanager
from urllib.parse import quote

from celery.contrib.testing.worker import start_worker
from django.db import connection

from promo.celery import app


@contextmanager
def publishing_to_a_queue_of_its_own(prefix):
    """Within the block, tasks published without a route go to a new queue (yielded)."""
    queue = f"{prefix}-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        app.conf.task_default_queue = previous


def poll_while_a_worker_runs(client, url, queue, *, until="ready", seconds=90):
    """Run a worker on `queue` and poll the htmx fragment at `url`, as the page does, until
    it contains `until` or `seconds` pass (a loaded 2-core CI box); the last fragment."""
    with start_worker(app, perform_ping_check=False, shutdown_timeout=10, queues=[queue]):
        deadline = time.monotonic() + seconds
        while True:
            fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
            if until in fragment or time.monotonic() > deadline:
                return fragment
            time.sleep(0.2)


def database_url_for_processes(query=""):
    """The test database as DATABASE_URL, for the processes a test starts."""
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}{query}"
