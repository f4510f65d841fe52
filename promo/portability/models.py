"""Exports packed in the background into a zip their asker downloads: a person's own data,
or (for staff) the organisation's shared data. Both are PersonalExport rows, told apart by
`scope`, so they share the job, the progress page, the 24-hour window and the purge."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# A finished export is downloadable this long; after it the link is dead and the file goes.
DOWNLOAD_HOURS = 24
# An export unfinished after this long was lost (its worker died): the page stops waiting
# and offers a new one, and asking again no longer returns it.
GIVE_UP_MINUTES = 15


def export_path(instance, filename):
    return f"exports/{instance.person_id}/{filename}"


class PersonalExport(models.Model):
    """One request for "everything that is mine"; the page polls its progress."""

    class Scope(models.TextChoices):
        PERSONAL = "personal", "Personal"
        ORGANISATION = "organisation", "Organisation"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Packing"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_exports"
    )
    # The person above is whoever asked: the exported person, or the staff member who
    # exported the organisation.
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.PERSONAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    file = models.FileField(upload_to=export_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"], name="export_person_created")]

    def __str__(self):
        return f"Export of {self.person_id} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def is_lost(self, now=None):
        now = now or timezone.now()
        return not self.is_finished and now - self.created_at > timedelta(minutes=GIVE_UP_MINUTES)

    @property
    def is_waited_for(self):
        """Unfinished and not lost: the page polls it, and asking again returns it."""
        return not self.is_finished and not self.is_lost()

    @property
    def expires_at(self):
        if self.finished_at is None:
            return None
        return self.finished_at + timedelta(hours=DOWNLOAD_HOURS)

    def is_downloadable(self, now=None):
        """Ready, and within its DOWNLOAD_HOURS."""
        now = now or timezone.now()
        return self.status == self.Status.DONE and bool(self.file) and now < self.expires_at

    @property
    def filename(self):
        if self.scope == self.Scope.ORGANISATION:
            return f"promo-organisation-export-{self.created_at:%Y-%m-%d}.zip"
        return f"promo-export-{self.created_at:%Y-%m-%d}.zip"
