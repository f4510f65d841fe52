"""The Celery app the outage test starts: promo's own, production timeouts untouched,
publishing to and consuming from the test's own queue (so parallel test runs never take
each other's tasks)."""

import os

from promo.celery import app

app.conf.task_default_queue = os.environ["PROMO_TEST_QUEUE"]

__all__ = ["app"]
