"""Promo documents, their frozen versions, and the mentor review rounds on them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from reviews import anchors, sections


class PromoDocument(models.Model):
    """One per candidacy: the engineer's working draft plus every version they shared.

    `draft_version` is the optimistic-concurrency counter of the working draft: a save
    names the counter it started from, and a stale one is refused, never merged.
    """

    candidacy = models.OneToOneField(
        "promo.Candidacy", on_delete=models.CASCADE, related_name="promo_document"
    )
    draft = models.JSONField(default=list)  # [{"key", "title", "body"}], see reviews.sections
    draft_version = models.PositiveIntegerField(default=1)
    draft_saved_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Promo doc of {self.candidacy.person}"

    @property
    def owner_id(self):
        return self.candidacy.person_id

    @property
    def owner(self):
        return self.candidacy.person

    @property
    def title(self):
        return f"{self.candidacy.person}: case for {self.candidacy.target_level}"


class DocumentVersion(models.Model):
    """The draft as it was when shared for review. Never edited afterwards."""

    document = models.ForeignKey(PromoDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sections = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique")
        ]

    def __str__(self):
        return f"version {self.number}"

    @property
    def bodies(self):
        return sections.bodies(self.sections)

    def as_markdown(self):
        return sections.as_markdown(self.sections)


class ReviewRound(models.Model):
    """One version in front of chosen reviewers: open -> feedback given -> closed."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FEEDBACK_GIVEN = "feedback_given", "Feedback given"
        CLOSED = "closed", "Closed"

    document = models.ForeignKey(PromoDocument, on_delete=models.CASCADE, related_name="rounds")
    version = models.OneToOneField(DocumentVersion, on_delete=models.CASCADE, related_name="round")
    # The mentors chosen when sharing. Who may read the round now is computed from these,
    # the org and includes_manager by reviews.access: never read this alone.
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="review_rounds")
    includes_manager = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    feedback_at = models.DateTimeField(null=True, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=~Q(status="closed"),
                name="review_round_one_unclosed_per_document",
            )
        ]

    def __str__(self):
        return f"Round on {self.version} ({self.get_status_display()})"

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def awaits_feedback(self):
        """Reviewers may still say their feedback is in (once per round)."""
        return self.status == self.Status.OPEN


class Thread(models.Model):
    """A conversation anchored to a section, a quoted passage, or a cited artifact.

    A thread lives in the newest round it was carried into. When its anchor is gone from
    a new version it is marked outdated and keeps `original_context` to show what it was about.
    """

    class Kind(models.TextChoices):
        SECTION = anchors.SECTION, "Section"
        PASSAGE = anchors.PASSAGE, "Passage"
        ARTIFACT = anchors.ARTIFACT, "Cited evidence"

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="threads")
    opened_in = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="threads_opened"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_threads"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    section_key = models.CharField(max_length=40)
    quote = models.TextField(blank=True)
    quote_prefix = models.CharField(max_length=anchors.PREFIX_LENGTH, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    artifact_id = models.PositiveBigIntegerField(null=True, blank=True)
    original_section_title = models.CharField(max_length=200)
    original_context = models.TextField(blank=True)
    outdated = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Committee feedback after "not yet" becomes gaps; this says which threads they echo.
    gaps = models.ManyToManyField("promo.Gap", blank=True, related_name="review_threads")

    class Meta:
        ordering = ["round", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="passage") | (Q(start__isnull=False) & Q(end__gt=F("start"))),
                name="thread_passage_has_offsets",
            ),
            models.CheckConstraint(
                condition=~Q(kind="artifact") | Q(artifact_id__isnull=False),
                name="thread_artifact_has_id",
            ),
        ]

    def __str__(self):
        return f"Thread on {self.original_section_title}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    @property
    def anchor(self):
        return anchors.Anchor(
            kind=self.kind,
            section_key=self.section_key,
            quote=self.quote,
            start=self.start,
            end=self.end,
            artifact_id=self.artifact_id,
            prefix=self.quote_prefix,
        )

    def place_at(self, anchor):
        """Point the thread at `anchor` (found again in a new version)."""
        self.section_key = anchor.section_key
        self.quote, self.quote_prefix = anchor.quote, anchor.prefix
        self.start, self.end = anchor.start, anchor.end


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_comments"
    )
    body = models.TextField(help_text="Markdown. Mention a round member with @ and their email.")
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="review_mentions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["thread", "created_at", "id"]

    def __str__(self):
        return f"Comment by {self.author} on {self.thread_id}"


class Verdict(models.Model):
    """One reviewer's call on one criterion in one round."""

    class Value(models.TextChoices):
        NEXT_LEVEL = "next_level", "Next level"
        NOT_YET = "not_yet", "Not yet"
        NOT_ENOUGH_EVIDENCE = "not_enough_evidence", "Not enough evidence"

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="verdicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_verdicts"
    )
    criterion = models.ForeignKey(
        "promo.Criterion", on_delete=models.PROTECT, related_name="review_verdicts"
    )
    value = models.CharField(max_length=24, choices=Value.choices)
    note = models.TextField(blank=True)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "criterion__position", "reviewer__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "reviewer", "criterion"], name="verdict_one_per_reviewer_criterion"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.criterion}: {self.get_value_display()}"


class ExportJob(models.Model):
    """A PDF of one version, rendered in the background; the page polls its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Rendering"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_exports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Outbox bookkeeping (reviews/outbox.py): when the render task was last published
    # (null = never, or the broker refused it) and when a worker began rendering.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Until when the rendering worker holds the job; renewed with each progress step. Past
    # it the worker is presumed dead and the relay queues the job again.
    leased_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"PDF of {self.version} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self):
        return f"promo-doc-v{self.version.number}.pdf"
