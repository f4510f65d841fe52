"""The Celery app the worker tests start: promo's own, on a queue of the test's own (so
parallel test runs never take each other's tasks) and with a visibility timeout of seconds
(so a task whose worker was SIGKILLed is redelivered within the test, not after an hour)."""

import os

from promo.celery import app

app.conf.task_default_queue = os.environ["PROMO_TEST_QUEUE"]
app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]
