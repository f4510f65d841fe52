"""Celery's side of the request id, and one log line and one latency observation per task.

The publisher (a request, or a task enqueuing more work) writes its id into each message's
headers; the worker makes it the task's id while the task runs, so the task's log lines,
and anything it enqueues, share it. A task published with no id (beat's schedules) runs
under its own task id. Connected in promo.celery, so every process that has the Celery
app has these.
"""

import contextlib
import logging
import time

from celery import signals

from promo.monitoring import metrics
from promo.monitoring.logs import JsonFormatter, current_request_id, request_id_var

log = logging.getLogger("promo.task")

HEADER = "request_id"

_running = {}  # task id -> (start, the context token to restore)


@signals.before_task_publish.connect(weak=False)
def _stamp_request_id(headers=None, **kwargs):
    request_id = current_request_id()
    if request_id and headers is not None and not headers.get(HEADER):
        headers[HEADER] = request_id


@signals.task_prerun.connect(weak=False)
def _start(task_id=None, task=None, **kwargs):
    request_id = getattr(task.request, HEADER, None) or task_id
    _running[task_id] = (time.perf_counter(), request_id_var.set(request_id))


@signals.task_postrun.connect(weak=False)
def _finish(task_id=None, task=None, state=None, **kwargs):
    started, token = _running.pop(task_id, (None, None))
    if started is None:
        return
    seconds = time.perf_counter() - started
    try:
        metrics.observe_task(task=task.name, state=state or "UNKNOWN", seconds=seconds)
        log.info(
            "task %s %s %s %.1fms",
            task.name,
            task_id,
            state,
            seconds * 1000,
            extra={
                "task": task.name,
                "task_id": task_id,
                "state": state,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
    finally:
        with contextlib.suppress(ValueError):  # set in another context: nothing to undo
            request_id_var.reset(token)


@signals.after_setup_logger.connect(weak=False)
@signals.after_setup_task_logger.connect(weak=False)
def _json_lines_in_workers(logger=None, **kwargs):
    """A worker's logging is Celery's own (its format, its --loglevel); with LOG_FORMAT=json
    its handlers write JSON lines instead, like the web processes'."""
    from django.conf import settings

    if getattr(settings, "LOG_FORMAT", "plain") != "json":
        return
    for handler in logger.handlers:
        handler.setFormatter(JsonFormatter())
