"""Readiness as a manager sees it, computed ahead of time so team dashboards read rows.

Computing readiness reads every tag of a person's evidence; a director's view of hundreds
of people cannot do that per request. A snapshot holds the result for the *manager
audience* (evidence shared with mentors and managers, never drafts or private work), so
it is the same for every manager above the person and survives a manager change.
"""

from django.db import models
from django.utils import timezone


class ReadinessStatus(models.TextChoices):
    READY = "ready", "Ready"
    CLOSE = "close", "Close"
    BUILDING = "building", "Building"
    NO_LADDER = "no_ladder", "Not on a ladder"


class ReadinessSnapshot(models.Model):
    person = models.OneToOneField(
        "promo.User", on_delete=models.CASCADE, primary_key=True, related_name="snapshot"
    )
    computed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=12, choices=ReadinessStatus.choices, default=ReadinessStatus.NO_LADDER
    )
    sentence = models.TextField(blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    # [{"name", "shown", "consistency", "recency", "impact", "sentence", "verdicts"}, ...]
    cells = models.JSONField(default=list)
    # How many of `cells` are shown, kept as a column so the dashboard can filter and sort
    # hundreds of people without decoding every snapshot's cells.
    shown_count = models.PositiveSmallIntegerField(default=0)
    open_gaps = models.JSONField(default=list)  # gap texts
    last_evidence_on = models.DateField(null=True, blank=True)
    is_stale = models.BooleanField(default=False)  # dormant: snapshots.is_dormant
    overdue_checkins = models.PositiveIntegerField(default=0)
    strong_by_month = models.JSONField(default=list)  # 12 counts, oldest month first
    months = models.JSONField(default=list)  # the 12 month labels, "2026-01"
    candidacy_status = models.CharField(max_length=12, blank=True)
    target_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"], name="snapshot_status")]

    def __str__(self):
        return f"{self.person_id}: {self.status}"


class ReadinessMonth(models.Model):
    """The status a person ended (or currently stands at) in one month: the org chart's data."""

    person = models.ForeignKey("promo.User", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month
    status = models.CharField(max_length=12, choices=ReadinessStatus.choices)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="readiness_month_unique")
        ]
        indexes = [models.Index(fields=["month", "status"], name="readiness_month_status")]

    def __str__(self):
        return f"{self.person_id} {self.month:%Y-%m}: {self.status}"


class SnapshotRefreshRequest(models.Model):
    """The outbox of snapshot refreshes: one row per person whose facts changed and whose
    snapshot is not yet recomputed. Requests for one person coalesce into the row, which
    the refresh deletes when it finishes; promo/dashboards/outbox.py publishes the rows."""

    person = models.OneToOneField(
        "promo.User", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    # When its task was last handed to the broker; null while no broker took it.
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["published_at"], name="snapshot_request_published")]

    def __str__(self):
        return f"refresh {self.person_id} requested {self.requested_at:%Y-%m-%d %H:%M:%S}"
