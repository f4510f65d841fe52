"""A person's GitHub account, the webhook deliveries seen, the pull requests and issues
already turned into drafts, and backfill jobs."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class GitHubLink(models.Model):
    """Someone's claim to a GitHub login: pending until verified (by the challenge found
    on GitHub, or by staff). Only a verified link turns GitHub events into drafts."""

    class Method(models.TextChoices):
        CHALLENGE = "challenge", "Challenge found on GitHub"
        STAFF = "staff", "Linked by staff"

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="github_link"
    )
    login = models.CharField(max_length=39)  # GitHub's longest login
    # GitHub's numeric id survives a renamed login; known once the account was looked up.
    github_id = models.BigIntegerField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=12, choices=Method.choices, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A personal access token for the backfill, Fernet-encrypted (tokens.py); blank: none.
    token_encrypted = models.TextField(blank=True)
    # ETag of the first page of each backfill search (query -> ETag), sent back as
    # If-None-Match so an unchanged search costs a 304 and creates nothing.
    search_etags = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("login"),
                condition=models.Q(verified_at__isnull=False),
                name="github_link_one_verified_per_login",
            )
        ]

    def __str__(self):
        return f"{self.login} ({'verified' if self.is_verified else 'pending'})"

    @property
    def is_verified(self):
        return self.verified_at is not None

    @property
    def has_token(self):
        return bool(self.token_encrypted)


class GitHubDelivery(models.Model):
    """One webhook delivery GitHub sent, by its X-GitHub-Delivery id: a redelivery of the
    same id is acknowledged and ignored."""

    delivery_id = models.CharField(max_length=64, unique=True)
    event = models.CharField(max_length=50)
    action = models.CharField(max_length=50, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.event} {self.delivery_id}"


class GitHubItem(models.Model):
    """A pull request or issue already turned into a draft for a person. The row stays
    when the draft is deleted, so neither the webhook nor a backfill brings it back."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="github_items"
    )
    url = models.URLField(max_length=500)  # the item's html_url on GitHub
    artifact = models.ForeignKey(
        "evidence.Artifact", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "url"], name="github_item_once_per_person")
        ]

    def __str__(self):
        return self.url


class GitHubBackfill(models.Model):
    """One "import my merged pull requests since <date>": its progress, where it stopped,
    and when it resumes after GitHub's rate limit or a bad gateway."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        PAUSED = "paused", "Paused"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="github_backfills"
    )
    since = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    next_url = models.URLField(max_length=1000, blank=True)  # the page to read next
    first_page_etag = models.CharField(max_length=200, blank=True)
    pages_read = models.PositiveIntegerField(default=0)
    found = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    pauses = models.PositiveSmallIntegerField(default=0)
    bad_gateways = models.PositiveSmallIntegerField(default=0)
    resume_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"], name="github_backfill_person")]

    def __str__(self):
        return f"GitHub import for {self.person_id} since {self.since}"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING, self.Status.PAUSED)
