import contextlib
import os
import socket
import threading
from pathlib import Path

from celery import Celery
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promo.settings")

app = Celery("promo")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each domain keeps its tasks in its own tasks.py; Celery's default discovery would look
# only at promo.tasks, so the packages are named here.
app.autodiscover_tasks(
    [
        "promo.web",
        "promo.api",
        "promo.readiness.checkins",
        "promo.dashboards",
        "promo.nudges",
        "promo.integrations.github",
        "promo.portability",
        "promo.pulses",
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


# Opening a broker connection (connect, ping, declare the queue) cost several times the
# publish itself, on every request that changes evidence; so each process and thread
# keeps the one it opened, and drops it on any failure.
_held = threading.local()


def _publish_connection():
    """(this process and thread's publishing connection, whether it was already open).
    Keyed by the broker address and timeout, so publishing pointed elsewhere opens anew;
    one inherited through a fork is left to the parent, as closing it would close theirs."""
    from django.conf import settings

    key = (
        os.getpid(),
        app.conf.broker_write_url or app.conf.broker_url,
        settings.BROKER_PUBLISH_TIMEOUT,
    )
    held = getattr(_held, "connection", None)
    if held is not None and held[0] == key:
        return held[1], True
    if held is not None and held[0][0] == os.getpid():
        _drop_connection()
    conn = app.connection_for_write(transport_options=bounded_broker_options())
    _held.connection = (key, conn)
    return conn, False


def _drop_connection():
    held, _held.connection = getattr(_held, "connection", None), None
    if held is not None and held[0][0] == os.getpid():
        with contextlib.suppress(Exception):  # a broken connection may not close cleanly
            held[1].release()


def _send_all(conn, task_name, calls, sent):
    """Publish calls[sent[0]:] on `conn`, counting in `sent`; a failure drops `conn`."""
    try:
        for args in calls[sent[0] :]:
            # No queue here: settings.CELERY_TASK_ROUTES sends each task to its own.
            app.send_task(task_name, args=args, connection=conn, retry=False)
            sent[0] += 1
    except Exception:
        _drop_connection()
        raise


def publish_bounded(task_name, calls, *, probe=False):
    """Publish the task named `task_name` once per argument tuple in `calls`, on one
    connection with tight timeouts, stopping at the first broker failure. Returns (how many
    were published, the error or None); the caller decides what happens to the rest (an
    outbox relays them). By name, so an outbox never imports its own tasks module.

    After a failure the process fails fast (promo.web.breaker) until the retry window passes,
    so a request pays at most one timeout a minute. A relay passes `probe=True`: it runs in
    the background, so it tries anyway, and its success closes the breaker at once.

    A kept connection the broker has closed meanwhile (a restart) fails at once, not by
    timing out: that failure is retried once on a fresh connection before it counts."""
    from promo.web import breaker

    if breaker.broker.is_open() and not probe:
        return 0, breaker.broker.unavailable()
    calls, sent = list(calls), [0]
    try:
        conn, reused = _publish_connection()
        try:
            _send_all(conn, task_name, calls, sent)
        except breaker.OUTAGE_ERRORS as error:
            if not reused or isinstance(error, (RedisTimeoutError, socket.timeout)):
                raise
            _send_all(_publish_connection()[0], task_name, calls, sent)
    except breaker.OUTAGE_ERRORS as error:
        breaker.broker.trip(error)
        return sent[0], error
    except Exception as error:  # noqa: BLE001 - any other failure stops publishing too
        return sent[0], error
    breaker.broker.close()
    return sent[0], None


# The request id travels with each message, and each task is logged and measured; a
# worker may serve its measurements itself (METRICS_WORKER_ADDRESS).
import promo.monitoring.task_events  # noqa: E402, F401
import promo.monitoring.worker_exporter  # noqa: E402, F401
