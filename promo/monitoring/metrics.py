"""Prometheus metrics: what each process measures (requests, tasks) and what every scrape
reads from the database (queries.operations_figures).

With PROMETHEUS_MULTIPROC_DIR set (several gunicorn workers, a prefork Celery worker),
prometheus-client keeps each process's values in a file in that folder and a scrape sums
them, so whichever worker answers /metrics reports them all. Without it, each process
reports its own: right for `python3 dev.py run`, wrong behind a multi-worker server.
"""

import math
import os

from django.utils import timezone
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

# From a cached fragment (~5 ms) to a slow export request (~10 s).
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
# Tasks run from milliseconds (a snapshot refresh) to minutes (a nudge batch, a PDF).
TASK_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300)

REQUEST_SECONDS = Histogram(
    "promo_http_request_duration_seconds",
    "Time from the first middleware to the response, by route name, method and status class.",
    ["view", "method", "status"],
    buckets=REQUEST_BUCKETS,
)
TASK_SECONDS = Histogram(
    "promo_task_duration_seconds",
    "Time a Celery task ran, by task name and final state.",
    ["task", "state"],
    buckets=TASK_BUCKETS,
)
TASK_FAILURES = Counter(
    "promo_task_failures", "Celery tasks that raised (retries not counted), by task.", ["task"]
)


def observe_request(*, view, method, status, seconds):
    REQUEST_SECONDS.labels(view=view, method=method, status=f"{status // 100}xx").observe(seconds)


def observe_task(*, task, state, seconds):
    TASK_SECONDS.labels(task=task, state=state).observe(seconds)
    if state == "FAILURE":
        TASK_FAILURES.labels(task=task).inc()


def _gauge(name, documentation, value, labels=None):
    family = GaugeMetricFamily(name, documentation, labels=list(labels or {}))
    if labels:
        family.add_metric(list(labels.values()), value)
    else:
        family.add_metric([], value)
    return family


def _gauges_by(name, documentation, label, values):
    family = GaugeMetricFamily(name, documentation, labels=[label])
    for key, value in sorted(values.items()):
        family.add_metric([key], value)
    return family


class DatabaseCollector:
    """The per-scrape gauges read from the database (see docs/monitoring.md)."""

    def collect(self):
        from promo.monitoring.queries import operations_figures

        figures = operations_figures(now=timezone.now())
        kinds = figures.nudges_by_kind
        for what, meaning in (
            ("claimed", "Nudges claimed (planned for someone) in the last 24 hours"),
            ("sent", "Of the nudges claimed in the last 24 hours, those delivered"),
            ("emailed", "Of the nudges claimed in the last 24 hours, those emailed"),
            ("failed", "Of the nudges claimed in the last 24 hours, those failed for good"),
        ):
            values = {kind: getattr(activity, what) for kind, activity in kinds.items()}
            name = f"promo_nudges_{what}_last_24h"
            yield _gauges_by(name, f"{meaning}, by kind.", "kind", values)
        yield _gauge("promo_nudges_open", "Nudge claims waiting or retrying.", figures.nudges_open)
        yield _gauges_by(
            "promo_outbox_depth",
            "Rows waiting in an outbox for a broker to take their task.",
            "outbox",
            figures.outbox_depth,
        )
        yield _gauge(
            "promo_nudge_oldest_unsent_age_seconds",
            "Age of the oldest due nudge claim not yet sent (0: none waiting).",
            figures.age_seconds(figures.oldest_unsent_nudge),
        )
        yield _gauge("promo_pdf_exports_queued", "PDF exports not yet started.",
                     figures.pdf_exports_queued)  # fmt: skip
        yield _gauge(
            "promo_snapshot_refreshes_pending",
            "People whose dashboard snapshot waits for a refresh.",
            figures.snapshot_refreshes_pending,
        )
        yield _gauge(
            "promo_snapshot_refresh_lag_seconds",
            "Age of the oldest pending snapshot refresh request (0: none pending).",
            figures.age_seconds(figures.oldest_snapshot_request),
        )
        yield _gauge(
            "promo_snapshot_oldest_age_seconds",
            "Age of the least recently computed snapshot (the hourly refresh keeps it < 1 h).",
            figures.age_seconds(figures.oldest_snapshot),
        )
        heartbeat = figures.worker_heartbeat
        yield _gauge(
            "promo_worker_heartbeat_age_seconds",
            "Seconds since a worker last ran beat's heartbeat (+Inf: never).",
            figures.age_seconds(heartbeat) if heartbeat else math.inf,
        )


def process_exposition():
    """Every process's measurements: this one's, or all of them through the shared folder."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    return generate_latest(processes)


def exposition():
    """The text a scrape gets: every process's measurements, then the database gauges."""
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return process_exposition() + generate_latest(database)
