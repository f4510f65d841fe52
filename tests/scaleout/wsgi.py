"""gunicorn's entry point in the fleet test: promo.wsgi, publishing to the test's queues
(tests.nudges.celery_app routes every task as production does, to queues named after
PROMO_TEST_QUEUE), so parallel test runs sharing a Redis never take each other's tasks."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.scaleout.settings")

import tests.nudges.celery_app  # noqa: E402, F401 - installs the routes
from promo.wsgi import application  # noqa: E402

__all__ = ["application"]
