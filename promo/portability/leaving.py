"""The leaving link: when staff deactivate someone, they are emailed a signed link to
download their personal export without logging in, for LEAVING_LINK_DAYS. After those
days what only they could see is deleted (promo.portability.leaving_purge), and the email
says when.

The link signs the person's id and email (Django's signing, keyed by SECRET_KEY): it
stands for that one person's data only, dies when it expires, when the address changes,
or when the account is active again (then they log in and export from their profile).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from promo.audit.services import audit_record
from promo.models import AuditEntry, User
from promo.org.models import LEAVING_DAYS
from promo.web.mail import mail_subject

log = logging.getLogger(__name__)
SALT = "promo.portability.leaving"
LEAVING_LINK_DAYS = LEAVING_DAYS


def leaving_token(person):
    return signing.dumps({"id": person.pk, "email": person.email}, salt=SALT)


def person_for_leaving_token(token):
    """The person a leaving link stands for while it still works; None otherwise."""
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=timedelta(days=LEAVING_LINK_DAYS).total_seconds()
        )
    except signing.BadSignature:  # SignatureExpired included
        return None
    person = User.objects.filter(pk=payload.get("id"), is_active=False).first()
    if person is None or person.email != payload.get("email"):
        return None
    return person


def _deletion_notice(person):
    """When and what of theirs is deleted (promo.portability.leaving_purge), in their time
    zone; nothing for someone with no date of deactivation, whose data is not deleted."""
    if person.private_data_deleted_after is None:
        return ""
    day = date_format(timezone.localtime(person.private_data_deleted_after, person.zone), "j F Y")
    return (
        f"After {day}, promo deletes your private evidence and drafts (what nobody else "
        "could see), with their files. What you shared with your mentors or managers, "
        "your cases and your shared promo doc versions stay with the organisation.\n\n"
    )


def leaving_link_send(*, person, by):
    """Email `person` (just deactivated by `by`) the link to their data, after commit;
    the sending is written to the audit log. A failing mail server is logged."""
    with transaction.atomic():
        audit_record(
            actor=by,
            action=AuditEntry.Action.DATA_EXPORTED,
            subject=person,
            target=person,
            detail=f"Emailed a link to download their data, valid {LEAVING_LINK_DAYS} days",
        )
        transaction.on_commit(lambda: _mail(person))


def _mail(person):
    link = settings.SITE_URL + reverse("portability_leaving", args=[leaving_token(person)])
    body = (
        f"Your promo account ({person.email}) has been closed.\n\n"
        "Everything that was yours there (your evidence and its files, check-ins, cases "
        "and promo docs, and a brag document) is yours to keep. Download it here, without "
        f"logging in, within {LEAVING_LINK_DAYS} days:\n{link}\n\n"
        f"{_deletion_notice(person)}"
        "The link is for you alone: do not pass it on."
    )
    try:
        send_mail(mail_subject("Your data from promo"), body, None, [person.email])
    except Exception:  # noqa: BLE001 - the deactivation is committed; the failure is logged
        log.exception("could not mail the leaving link to person %s", person.pk)
