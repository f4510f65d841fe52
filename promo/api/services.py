"""Writes to personal access tokens: making one and revoking it, each audited."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from promo.api.models import PREFIX, VISIBLE_CHARS, ApiToken, digest_of
from promo.audit.services import audit_record
from promo.models import AuditEntry, User

DEFAULT_LIFETIME_DAYS = 90
MAX_LIFETIME_DAYS = 365
S = ApiToken.Scope


def may_read_team(person):
    """team:read is for people the My team page serves: managers and staff."""
    return person.is_staff or User.objects.filter(manager_id=person.pk).exists()


def scopes_for(person):
    """The scopes `person` may put on a token, in the order the form lists them."""
    return [scope for scope in S.values if scope != S.TEAM_READ or may_read_team(person)]


def _checked_expiry(expires_on, now):
    today = timezone.localdate(now)
    if expires_on is None:
        expires_on = today + timedelta(days=DEFAULT_LIFETIME_DAYS)
    if expires_on <= today:
        raise ValidationError({"expires_on": "Choose a day after today."})
    if expires_on > today + timedelta(days=MAX_LIFETIME_DAYS):
        raise ValidationError({"expires_on": "A token lasts at most a year."})
    start_of_day = timezone.make_aware(
        timezone.datetime.combine(expires_on, timezone.datetime.min.time())
    )
    return start_of_day


@transaction.atomic
def token_create(*, owner, name, scopes, expires_on=None, now=None):
    """A new token for `owner`. Returns (token, secret): the secret exists only in this
    return value, to be shown once; the database keeps its digest and visible prefix."""
    now = now or timezone.now()
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the token after what will use it."})
    allowed = scopes_for(owner)
    scopes = [scope for scope in allowed if scope in set(scopes)]
    if not scopes:
        raise ValidationError({"scopes": "Choose at least one thing the token may do."})
    expires_at = _checked_expiry(expires_on, now)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner,
        name=name,
        prefix=secret[:VISIBLE_CHARS],
        digest=digest_of(secret),
        scopes=scopes,
        created_at=now,
        expires_at=expires_at,
    )
    audit_record(
        actor=owner,
        action=AuditEntry.Action.SETTINGS_CHANGED,
        subject=owner,
        target=token,
        detail=f"Created API token {token} with {', '.join(scopes)}, "
        f"expiring {expires_at:%Y-%m-%d}",
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token, by, now=None):
    """Revoke `token` at once; revoking it again changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.SETTINGS_CHANGED,
        subject=token.owner,
        target=token,
        detail=f"Revoked API token {token}",
    )
    return token
