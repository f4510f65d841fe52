import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promo.settings")

app = Celery("promo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    # kombu's filesystem transport needs its folders to exist before anyone publishes.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


# Publishing from a request or a job must not hang on a broker that refuses or never
# answers (Celery's defaults wait past 40 s): one attempt, with one-second socket timeouts.
BOUNDED_BROKER = {
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
    "max_retries": 0,
}


def publish_bounded(task, calls):
    """Publish `task` once per argument tuple in `calls`, on one connection with tight
    timeouts, stopping at the first broker failure. Returns (how many were published, the
    error or None); the caller decides what happens to the rest (an outbox relays them)."""
    published = 0
    try:
        with app.connection_for_write(transport_options=BOUNDED_BROKER) as conn:
            for args in calls:
                # No queue here: settings.CELERY_TASK_ROUTES sends each task to its own.
                task.apply_async(args, connection=conn, retry=False)
                published += 1
    except Exception as error:  # noqa: BLE001 - any broker failure stops publishing
        return published, error
    return published, None
