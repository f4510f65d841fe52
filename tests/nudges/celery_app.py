"""The Celery app the worker tests start: promo's own, with production's settings (the
visibility timeout included), on queues of the test's own so parallel test runs never take
each other's tasks. PROMO_TEST_QUEUE names the default queue; with PROMO_TEST_ROUTED set,
tasks are routed as in production to queues named after it (tests.broker.install_production_routes),
otherwise every task goes to it."""

import os

from promo.celery import app
from tests.broker import every_task_to_the_default_queue, install_production_routes, set_routes

app.conf.task_default_queue = os.environ["PROMO_TEST_QUEUE"]
# A beat killed with -9 keeps its lock until it expires: a lock of its own per test.
app.conf.beat_lock_name = f"promo:beat-lock:{os.environ['PROMO_TEST_QUEUE']}"
if os.environ.get("PROMO_TEST_ROUTED"):
    install_production_routes(app.conf.task_default_queue)
else:
    set_routes((every_task_to_the_default_queue,))

__all__ = ["app"]
