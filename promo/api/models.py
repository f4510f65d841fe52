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
