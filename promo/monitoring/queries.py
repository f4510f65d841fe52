"""The figures /metrics reads from the database on every scrape: the same from every host,
since they count rows rather than what one process saw. A fixed handful of queries,
each an aggregate over an index or a small table (tests pin the count)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q

from promo.models import Heartbeat, NudgeClaim, ReadinessSnapshot, SnapshotRefreshRequest
from promo.nudges.registry import KINDS
from reviews.models import ExportJob

# Nudge activity is counted over this window: "sent in the last day" reads without rate()
# and survives restarts of every process.
ACTIVITY_WINDOW = timedelta(hours=24)


@dataclass
class KindActivity:
    claimed: int = 0
    sent: int = 0
    emailed: int = 0
    failed: int = 0


@dataclass
class OperationsFigures:
    now: datetime
    nudges_by_kind: dict = field(default_factory=dict)  # kind -> KindActivity
    nudges_open: int = 0
    outbox_depth: dict = field(default_factory=dict)  # outbox -> rows no broker took yet
    oldest_unsent_nudge: datetime | None = None
    pdf_exports_queued: int = 0
    snapshot_refreshes_pending: int = 0
    oldest_snapshot_request: datetime | None = None
    oldest_snapshot: datetime | None = None
    worker_heartbeat: datetime | None = None

    def age_seconds(self, moment):
        """Seconds since `moment`; 0 when there is nothing waiting."""
        return max(0.0, (self.now - moment).total_seconds()) if moment else 0.0


def nudge_activity_by_kind(*, since):
    """Of the claims made since `since`, per kind: how many, and how many are now sent,
    emailed and failed (every known kind, zeros included, so a kind's series never
    vanishes). Reads only the window's blocks (a BRIN index on created_at: migration 0029)."""
    activity = {key: KindActivity() for key in KINDS}
    rows = (
        NudgeClaim.objects.filter(created_at__gte=since)
        .order_by()
        .values("kind")
        .annotate(
            claimed=Count("id"),
            sent=Count("id", filter=Q(status=NudgeClaim.Status.SENT)),
            emailed=Count("id", filter=Q(emailed=True)),
            failed=Count("id", filter=Q(status=NudgeClaim.Status.FAILED)),
        )
    )
    for row in rows:
        kind = row.pop("kind")
        activity[kind] = KindActivity(**row)
    return activity


def operations_figures(*, now):
    """Everything /metrics derives from the database, in six queries."""
    figures = OperationsFigures(now=now)
    figures.nudges_by_kind = nudge_activity_by_kind(since=now - ACTIVITY_WINDOW)
    # Open claims use the (status, not_before) index; a retrying claim waits for its
    # not_before on purpose, so only due ones count as "unsent".
    claims = NudgeClaim.objects.filter(status__in=NudgeClaim.OPEN).aggregate(
        open=Count("id"),
        unpublished=Count("id", filter=Q(enqueued_at__isnull=True)),
        oldest_due=Min("created_at", filter=Q(not_before__lte=now)),
    )
    exports = ExportJob.objects.filter(status=ExportJob.Status.QUEUED).aggregate(
        queued=Count("id"), unpublished=Count("id", filter=Q(enqueued_at__isnull=True))
    )
    refreshes = SnapshotRefreshRequest.objects.aggregate(
        pending=Count("person"),
        unpublished=Count("person", filter=Q(published_at__isnull=True)),
        oldest=Min("requested_at"),
    )
    figures.nudges_open = claims["open"]
    figures.oldest_unsent_nudge = claims["oldest_due"]
    figures.pdf_exports_queued = exports["queued"]
    figures.snapshot_refreshes_pending = refreshes["pending"]
    figures.oldest_snapshot_request = refreshes["oldest"]
    figures.outbox_depth = {
        "nudges": claims["unpublished"],
        "pdf_exports": exports["unpublished"],
        "snapshot_refreshes": refreshes["unpublished"],
    }
    figures.oldest_snapshot = ReadinessSnapshot.objects.aggregate(oldest=Min("computed_at"))[
        "oldest"
    ]
    figures.worker_heartbeat = (
        Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    )
    return figures
