"""Evidence: the work artifacts engineers log, and their tags against ladder criteria."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

TRASH_DAYS = 30
# Long enough to spot a slip in the confirmation, short enough that nobody relies on it.
UNDO_SECONDS = 10


def today():
    return timezone.localdate()


class LiveArtifactManager(models.Manager):
    """Artifacts that are not in the trash."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Artifact(models.Model):
    """One piece of work an engineer can cite: a project, a doc, a review, an incident..."""

    class Kind(models.TextChoices):
        PROJECT = "project", "Project"
        DESIGN_DOC = "design_doc", "Design doc"
        VISION_DOC = "vision_doc", "Vision doc"
        MECHANISM = "mechanism", "Mechanism or shared library"
        CODE_REVIEW = "code_review", "Code review"
        MENTORING = "mentoring", "Mentoring or unblocking someone"
        INCIDENT = "incident", "Incident"
        TALK = "talk", "Talk or writing"
        OTHER = "other", "Other"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private (only me)"
        MENTORS = "mentors", "Shared with my mentors"
        MENTORS_AND_MANAGER = "mentors_and_manager", "Shared with my mentors and managers"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="artifacts"
    )
    title = models.CharField(max_length=200)
    happened_on = models.DateField(default=today)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    body = models.TextField(blank=True, help_text="Markdown.")
    impact = models.TextField(blank=True, help_text="What changed because of this work.")
    metrics = models.TextField(blank=True, help_text="What was measured, and how.")
    # Free text so "p99 420 ms" or "3 teams" fit as well as a bare number.
    metric_before = models.CharField(max_length=60, blank=True)
    metric_after = models.CharField(max_length=60, blank=True)
    shipped_on = models.DateField(null=True, blank=True)
    teams_touched = models.ManyToManyField(
        "promo.Team", blank=True, related_name="artifacts_touching"
    )
    teams_adopted = models.ManyToManyField(
        "promo.Team", blank=True, related_name="artifacts_adopted"
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="collaborated_artifacts"
    )
    visibility = models.CharField(
        max_length=24, choices=Visibility.choices, default=Visibility.MENTORS_AND_MANAGER
    )
    is_draft = models.BooleanField(default=False)
    # Bumped on every save through artifact_update; a stale form is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LiveArtifactManager()
    all_objects = models.Manager()  # noqa: DJ012 - a manager, not a field

    class Meta:
        ordering = ["-happened_on", "-id"]
        base_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["owner", "-happened_on"], name="artifact_owner_happened"),
            models.Index(fields=["deleted_at"], name="artifact_deleted_at"),
            # A person's live evidence in list order, id breaking ties within a day: a
            # page (25 rows) is read straight off it, not sorted out of every row.
            models.Index(
                fields=["owner", "-happened_on", "-id"],
                condition=models.Q(deleted_at__isnull=True),
                name="artifact_owner_live_order",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def purge_after(self):
        """When a trashed artifact is deleted for good."""
        return self.deleted_at + timedelta(days=TRASH_DAYS) if self.deleted_at else None

    def capture_undoable(self, now=None):
        """A quick capture can be taken back for UNDO_SECONDS after it was made."""
        now = now or timezone.now()
        return self.deleted_at is None and now - self.created_at <= timedelta(seconds=UNDO_SECONDS)

    @property
    def has_impact(self):
        return bool(self.impact.strip())


class ArtifactTag(models.Model):
    """An artifact cited against one criterion, with the owner's own rating of it."""

    class Strength(models.TextChoices):
        SIGNAL = "signal", "Signal"
        STRONG = "strong", "Strong"
        EXEMPLARY = "exemplary", "Exemplary"

    artifact = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="tags")
    criterion = models.ForeignKey(
        "promo.Criterion", on_delete=models.PROTECT, related_name="artifact_tags"
    )
    strength = models.CharField(max_length=10, choices=Strength.choices, default=Strength.SIGNAL)
    rationale = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["artifact", "criterion"], name="artifact_tag_unique_criterion"
            )
        ]

    def __str__(self):
        return f"{self.artifact} → {self.criterion} ({self.strength})"


class ArtifactLink(models.Model):
    artifact = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=120)
    url = models.URLField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class ArtifactRevision(models.Model):
    """A snapshot of an artifact's fields as saved at one version."""

    artifact = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["artifact", "version"], name="artifact_revision_unique_version"
            )
        ]

    def __str__(self):
        return f"{self.artifact_id} v{self.version}"


def attachment_path(instance, filename):
    return f"evidence/{instance.artifact.owner_id}/{instance.artifact_id}/{filename}"


class ArtifactAttachment(models.Model):
    artifact = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name
