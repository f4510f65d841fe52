import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promo.settings")

app = Celery("promo")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each domain keeps its tasks in its own tasks.py; Celery's default discovery would look
# only at promo.tasks, so the packages are named here.
app.autodiscover_tasks(
    [
        "promo.web",
        "promo.readiness.checkins",
        "promo.dashboards",
        "promo.nudges",
        "evidence",
        "reviews",
    ]
)


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    # kombu's filesystem transport needs its folders to exist before anyone publishes.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


# Publishing from a request or a job must not hang on a broker that refuses or never
# answers (Celery's defaults wait past 40 s): one attempt, with short socket timeouts
# (BROKER_PUBLISH_TIMEOUT seconds), and none at all while the broker is known to be down.
def bounded_broker_options():
    from django.conf import settings

    timeout = settings.BROKER_PUBLISH_TIMEOUT
    return {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}


def publish_bounded(task_name, calls, *, probe=False):
    """Publish the task named `task_name` once per argument tuple in `calls`, on one
    connection with tight timeouts, stopping at the first broker failure. Returns (how many
    were published, the error or None); the caller decides what happens to the rest (an
    outbox relays them). By name, so an outbox never imports its own tasks module.

    After a failure the process fails fast (promo.web.breaker) until the retry window passes,
    so a request pays at most one timeout a minute. A relay passes `probe=True`: it runs in
    the background, so it tries anyway, and its success closes the breaker at once."""
    from promo.web import breaker

    if breaker.broker.is_open() and not probe:
        return 0, breaker.broker.unavailable()
    published = 0
    try:
        with app.connection_for_write(transport_options=bounded_broker_options()) as conn:
            for args in calls:
                # No queue here: settings.CELERY_TASK_ROUTES sends each task to its own.
                app.send_task(task_name, args=args, connection=conn, retry=False)
                published += 1
    except breaker.OUTAGE_ERRORS as error:
        breaker.broker.trip(error)
        return published, error
    except Exception as error:  # noqa: BLE001 - any other failure stops publishing too
        return published, error
    breaker.broker.close()
    return published, None
