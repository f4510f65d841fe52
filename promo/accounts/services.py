"""Staff changes to single sign-on, and a person's changes to their own profile."""

from django.db import transaction
from django.utils import timezone

from promo.audit.services import audit_record
from promo.models import AuditEntry, SignOnSettings, User
from promo.org.services import email_change_notify
from promo.web.readiness_changed import readiness_changed


def sign_on_settings_update(*, allow_account_creation: bool, by) -> SignOnSettings:
    """Save whether a first sign-on may create an account; a change is audited."""
    with transaction.atomic():
        current = SignOnSettings.objects.select_for_update().get_or_create(
            pk=SignOnSettings.SINGLETON_PK
        )[0]
        if current.allow_account_creation == allow_account_creation:
            return current
        current.allow_account_creation = allow_account_creation
        current.updated_at = timezone.now()
        current.updated_by = by
        current.save(update_fields=["allow_account_creation", "updated_at", "updated_by"])
        audit_record(
            actor=by,
            action=AuditEntry.Action.SETTINGS_CHANGED,
            target=current,
            detail="single sign-on may create accounts: "
            + ("yes" if allow_account_creation else "no"),
        )
    return current


def profile_update(*, person, display_name: str, time_zone: str, email: str):
    """Save a person's own name, time zone and email. A new email is audited as a role
    change (it is where a password reset goes) and announced to the old address after
    commit, exactly as when staff change it; a new time zone moves the dates their
    readiness and nudges are computed in."""
    with transaction.atomic():
        before = User.objects.select_for_update().get(pk=person.pk)
        person.display_name, person.time_zone = display_name.strip(), time_zone
        person.email = email.strip().lower()
        person.save(update_fields=["display_name", "time_zone", "email"])
        if before.time_zone != person.time_zone:
            readiness_changed(person.pk)
        if before.email != person.email:
            audit_record(
                actor=person,
                action=AuditEntry.Action.ROLE_CHANGED,
                subject=person,
                target=person,
                detail=f"email: {before.email} → {person.email} (by themself)",
            )
            old_email = before.email
            transaction.on_commit(lambda: email_change_notify(person=person, old_email=old_email))
    return person
