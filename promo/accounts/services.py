"""Staff changes to single sign-on."""

from django.db import transaction
from django.utils import timezone

from promo.audit.services import audit_record
from promo.models import AuditEntry, SignOnSettings


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
