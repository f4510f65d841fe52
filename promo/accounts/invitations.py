"""Inviting people by email: the signed link, sending (and resending), and accepting.

The link signs the invitation's id and the address it went to (Django's signing, keyed
by SECRET_KEY), so it cannot be forged or moved to another account; whether it still
works is the invitation row's business: not accepted, not expired, and the person's
latest invitation.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from promo.audit.services import audit_record
from promo.models import AuditEntry, Invitation, User
from promo.org.services import person_save
from promo.web.mail import mail_subject

log = logging.getLogger(__name__)
SALT = "promo.accounts.invitation"


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"id": invitation.pk, "email": invitation.email}, salt=SALT)


def invitation_from_token(token: str, *, now=None) -> Invitation | None:
    """The invitation a link stands for, if it still works; None otherwise."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    invitation = Invitation.objects.select_related("person").filter(pk=payload.get("id")).first()
    if invitation is None or invitation.email != payload.get("email"):
        return None
    latest = Invitation.objects.filter(person_id=invitation.person_id).values("pk").first()
    works = (
        invitation.state(now) == Invitation.State.SENT
        and latest["pk"] == invitation.pk
        and invitation.person.is_active
        and invitation.person.email == invitation.email
    )
    return invitation if works else None


def invitation_send(*, person: User, by: User, now=None) -> Invitation:
    """Invite `person` by email to set their password (again, for a resend: the earlier
    link stops working). The mail goes after commit; a failing mail server is logged and
    the invitation shows as sent, ready to be resent."""
    now = now or timezone.now()
    if not person.is_active:
        raise ValidationError("This account is inactive: make it active before inviting.")
    if person.has_usable_password():
        raise ValidationError(
            f"{person} already has a password; they can use “Forgotten password”."
        )
    with transaction.atomic():
        invitation = Invitation.objects.create(
            person=person,
            sent_by=by,
            email=person.email,
            sent_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_DAYS),
        )
        audit_record(
            actor=by,
            action=AuditEntry.Action.ROLE_CHANGED,
            subject=person,
            target=person,
            detail=f"invited by email to {person.email}",
        )
        transaction.on_commit(lambda: _mail_invitation(invitation))
    return invitation


def _mail_invitation(invitation):
    link = settings.SITE_URL + reverse("invitation_accept", args=[invitation_token(invitation)])
    inviter = invitation.sent_by.display_name if invitation.sent_by else "Your administrators"
    body = (
        f"{inviter} invited you to promo, where engineers keep the evidence of their work "
        "and build their case for promotion.\n\n"
        f"Choose your password here (the link works until "
        f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC):\n{link}\n\n"
        f"You will sign in with {invitation.email}."
    )
    try:
        send_mail(mail_subject("You are invited to promo"), body, None, [invitation.email])
    except Exception:  # noqa: BLE001 - the invitation is committed; staff can resend
        log.exception("could not mail invitation %s", invitation.pk)


def invitation_accept(*, invitation: Invitation, password: str, now=None) -> User:
    """Set the invited person's password and mark the invitation accepted, once: a second
    use of the same link (another tab) is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
            accepted_at=now
        )
        if not claimed:
            raise ValidationError("This invitation was used already: log in instead.")
        person = User.objects.select_for_update().get(pk=invitation.person_id)
        person.set_password(password)
        person.save(update_fields=["password"])
    return person


def invitation_states(people, *, now=None) -> None:
    """Set `.invitation` (the latest, or None) and `.invitation_state` on each person, in
    one query, for the staff people page."""
    ids = [person.pk for person in people]
    latest = {}
    for invitation in Invitation.objects.filter(person_id__in=ids).order_by("-sent_at", "-id"):
        latest.setdefault(invitation.person_id, invitation)
    for person in people:
        person.invitation = latest.get(person.pk)
        person.invitation_state = person.invitation.state(now) if person.invitation else None


def person_save_and_invite(*, person: User, manager: User | None, by: User, invite: bool) -> User:
    """Save a person from the staff form (org.services.person_save) and, when asked,
    invite them in the same transaction: a refused invitation saves nothing."""
    with transaction.atomic():
        saved = person_save(person=person, manager=manager, by=by)
        if invite:
            invitation_send(person=saved, by=by)
    return saved
