"""Personal access tokens: how scripts and tools act as a person through the API."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "promo_"
VISIBLE_CHARS = 12  # "promo_" and six more: enough to tell a person's tokens apart


def digest_of(secret):
    """Tokens are long random strings, so a plain SHA-256 is enough to store them: unlike
    a password there is nothing to guess, and a fast hash keeps every request cheap."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A token someone made for a script: shown once, stored as a digest."""

    class Scope(models.TextChoices):
        EVIDENCE_READ = "evidence:read", "Read my evidence (and evidence I may read)"
        EVIDENCE_WRITE = "evidence:write", "Log and change my evidence"
        READINESS_READ = "readiness:read", "Read my readiness, check-ins and notifications"
        REVIEWS_READ = "reviews:read", "Read promo docs shared with me"
        TEAM_READ = "team:read", "Read My team (managers and staff)"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=VISIBLE_CHARS)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def is_expired(self, now=None):
        return self.expires_at <= (now or timezone.now())

    def is_active(self, now=None):
        return not self.is_revoked and not self.is_expired(now)

    def allows(self, scope):
        return scope in self.scopes

    def scope_labels(self):
        labels = dict(self.Scope.choices)
        return [labels.get(scope, scope) for scope in self.scopes]


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an Idempotency-Key header, so the same write
    sent again (a retry after a lost answer) gets that answer instead of a second row.
    Written in the write's own transaction: a key is remembered exactly when its write
    committed, and the unique (owner, key) makes a concurrent duplicate wait and replay."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and body
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100, default="")
    body = models.TextField(default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_key_per_owner")
        ]

    def __str__(self):
        return f"{self.method} {self.path} ({self.key})"
