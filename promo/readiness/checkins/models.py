"""Impact check-ins: some weeks after work ships, its owner records what actually happened.

Committees distrust impact claimed on launch day. A check-in is planned for every shipped
artifact at each of its owner's ladder's `checkin_offsets_days`; until one is recorded
on or after the first offset, the artifact's impact has not matured.

A check-in leaves the backlog in one of two ways: an outcome is recorded (`recorded_at`),
or its owner says the impact cannot be measured and why (`unmeasurable_at` and
`unmeasurable_reason`); the second never counts as matured impact, and the readiness rule
reads it through `status`. A snoozed check-in stays pending but is not due until its
`snoozed_until` day.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImpactCheckInQuerySet(models.QuerySet):
    def pending(self):
        """Neither answered nor closed as unmeasurable (snoozed ones included)."""
        return self.filter(recorded_at__isnull=True, unmeasurable_at__isnull=True)

    def unmeasurable(self):
        return self.filter(unmeasurable_at__isnull=False)

    def awake_on(self, today):
        """Not snoozed past `today`."""
        return self.filter(
            models.Q(snoozed_until__isnull=True) | models.Q(snoozed_until__lte=today)
        )

    def snoozed_on(self, today):
        return self.filter(snoozed_until__gt=today)

    def recorded(self):
        return self.filter(recorded_at__isnull=False)

    def live(self):
        """Check-ins of artifacts that are not in the trash."""
        return self.filter(artifact__deleted_at__isnull=True)

    def due_for(self, person, today):
        """The person's pending check-ins whose day has come and that are not snoozed,
        oldest first."""
        return (
            self.live()
            .pending()
            .awake_on(today)
            .filter(artifact__owner_id=person.pk, due_on__lte=today)
            .select_related("artifact")
            .order_by("due_on", "id")
        )


class ImpactCheckIn(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RECORDED = "recorded", "Recorded"
        UNMEASURABLE = "unmeasurable", "Impact can't be measured"

    artifact = models.ForeignKey(
        "evidence.Artifact", on_delete=models.CASCADE, related_name="checkins"
    )
    offset_days = models.PositiveSmallIntegerField()
    # The shipped-on date this check-in was planned from; a pending check-in whose
    # artifact has been re-dated since is planned again (see services.checkins).
    planned_from = models.DateField()
    due_on = models.DateField()
    outcome = models.TextField(blank=True, help_text="What actually happened since it shipped.")
    metric_before = models.CharField(max_length=60, blank=True)
    metric_after = models.CharField(max_length=60, blank=True)
    link = models.URLField(max_length=500, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every recording, so a save from a form opened at an older version (a
    # second tab) is caught instead of silently replacing the answer.
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The owner's word that this impact cannot be measured, and why. Kept apart from
    # recorded_at so that it never passes for matured impact.
    unmeasurable_at = models.DateTimeField(null=True, blank=True)
    unmeasurable_reason = models.TextField(blank=True)
    # Pending, but not due (nor nudged, nor overdue) before this day.
    snoozed_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ImpactCheckInQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["artifact", "offset_days"], name="checkin_unique_offset_per_artifact"
            ),
            models.CheckConstraint(
                condition=models.Q(unmeasurable_at__isnull=True)
                | (models.Q(recorded_at__isnull=True) & ~models.Q(unmeasurable_reason="")),
                name="checkin_unmeasurable_has_reason_and_no_outcome",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(recorded_at__isnull=True),
                name="checkin_pending_due",
            )
        ]

    def __str__(self):
        return f"{self.artifact_id} +{self.offset_days} days (due {self.due_on})"

    @property
    def is_recorded(self):
        return self.recorded_at is not None

    @property
    def is_unmeasurable(self):
        return self.unmeasurable_at is not None

    @property
    def is_pending(self):
        return not (self.is_recorded or self.is_unmeasurable)

    @property
    def status(self) -> "ImpactCheckIn.Status":
        """Recorded (matured impact), unmeasurable (closed, never matured) or pending."""
        if self.is_recorded:
            return self.Status.RECORDED
        if self.is_unmeasurable:
            return self.Status.UNMEASURABLE
        return self.Status.PENDING

    def is_snoozed(self, today) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > today
