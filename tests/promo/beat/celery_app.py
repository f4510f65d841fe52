"""The Celery app the beat tests start: promo's own, its scheduler and lock included, with
every task sent to the test's queue and the lock named after it, so parallel test runs on
one Redis never wait on each other's beat. PROMO_TEST_QUEUE names both."""

import os

from promo.celery import app
from tests.broker import every_task_to_the_default_queue, set_routes

app.conf.task_default_queue = os.environ["PROMO_TEST_QUEUE"]
app.conf.beat_lock_name = f"promo:beat-lock:{os.environ['PROMO_TEST_QUEUE']}"
set_routes((every_task_to_the_default_queue,))

__all__ = ["app"]
