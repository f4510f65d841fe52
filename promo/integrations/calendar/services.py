"""Writes to calendar feeds: a new secret address, or none; each audited."""

import secrets

from django.db import transaction
from django.utils import timezone

from promo.audit.services import audit_record
from promo.integrations.calendar.models import CalendarFeed, feed_digest
from promo.models import AuditEntry


@transaction.atomic
def calendar_feed_reset(*, person, now=None):
    """Give `person` a new feed address, replacing any old one (which stops answering at
    once). Returns the key: it exists only in this return value, to be shown once."""
    key = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        person=person,
        defaults={"digest": feed_digest(key), "created_at": now or timezone.now()},
    )
    audit_record(
        actor=person,
        action=AuditEntry.Action.SETTINGS_CHANGED,
        subject=person,
        target=feed,
        detail="Turned on the calendar feed" if created else "Reset the calendar feed address",
    )
    return key


@transaction.atomic
def calendar_feed_off(*, person):
    """Stop `person`'s feed: its address answers 404 from now on."""
    deleted, _ = CalendarFeed.objects.filter(person=person).delete()
    if deleted:
        audit_record(
            actor=person,
            action=AuditEntry.Action.SETTINGS_CHANGED,
            subject=person,
            detail="Turned off the calendar feed",
        )
