"""Impact check-ins: some weeks after work ships, its owner records what actually happened.

Committees distrust impact claimed on launch day. A check-in is planned for every shipped
artifact at each of its owner's ladder's `checkin_offsets_days`; until one is recorded
on or after the first offset, the artifact's impact has not matured.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImpactCheckInQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(recorded_at__isnull=True)

    def recorded(self):
        return self.filter(recorded_at__isnull=False)

    def live(self):
        """Check-ins of artifacts that are not in the trash."""
        return self.filter(artifact__deleted_at__isnull=True)

    def due_for(self, person, today):
        """The person's pending check-ins whose day has come, oldest first."""
        return (
            self.live()
            .pending()
            .filter(artifact__owner_id=person.pk, due_on__lte=today)
            .select_related("artifact")
            .order_by("due_on", "id")
        )


class ImpactCheckIn(models.Model):
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
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ImpactCheckInQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["artifact", "offset_days"], name="checkin_unique_offset_per_artifact"
            )
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
