"""A person's calendar feed: the secret address calendar apps subscribe to."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


def feed_digest(key):
    """Keys are long random strings, so a plain SHA-256 is enough to store them: there is
    nothing to guess, and a fast hash keeps every calendar poll cheap. Only the digest is
    kept, so a copy of the database does not hand out anyone's feed."""
    return hashlib.sha256(key.encode()).hexdigest()


class CalendarFeed(models.Model):
    """At most one per person. Resetting replaces the digest, so the old address stops
    answering at once; turning it off deletes the row."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.person_id} (since {self.created_at:%Y-%m-%d})"
