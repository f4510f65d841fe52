"""Delivering one claimed nudge: preferences, the in-app notification, then email.

At most one email per claim, even if a worker dies mid-send: the claim is moved to
'sending' (and committed) before SMTP is spoken, and only an open claim ('pending' or
'retrying') can be moved there. A redelivered task therefore finds the claim 'sending'
or 'sent' and does nothing; the relay later records a stuck 'sending' claim as
interrupted for staff to see.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from promo.mail import mail_subject
from promo.models import Notification, NudgeClaim, NudgePreference, NudgeSettings
from promo.nudges.registry import KINDS, load_kinds
from promo.nudges.tokens import unsubscribe_token

log = logging.getLogger(__name__)

# Attempt n failed -> wait BACKOFF[n - 1] before the next one; after the last, give up.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
MAX_ATTEMPTS = len(BACKOFF) + 1
NO_LONGER_READABLE = "The recipient may no longer read what this nudge quotes."


def _start(claim_id, now):
    """Move an open, due claim to 'sending'. False if another delivery got there first."""
    return bool(
        NudgeClaim.objects.filter(
            pk=claim_id, status__in=NudgeClaim.OPEN, not_before__lte=now
        ).update(status=NudgeClaim.Status.SENDING, sending_at=now, attempts=F("attempts") + 1)
    )


def _preference(claim):
    return NudgePreference.objects.filter(person_id=claim.person_id, kind=claim.kind).first()


def _is_quiet(claim, now):
    quiet = NudgeSettings.objects.filter(person_id=claim.person_id).first()
    return bool(quiet and quiet.is_quiet_on(now.astimezone(claim.person.zone).date()))


def _finish(claim, status, **fields):
    claim.status = status
    claim.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.save(update_fields=["status", "finished_at", *fields])


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def _email(claim, message, body_text, body_html):
    token = unsubscribe_token(claim.person, claim.kind)
    unsubscribe = absolute(reverse("nudge_unsubscribe", args=[token]))
    context = {
        "claim": claim,
        "message": message,
        "body_text": body_text,
        "body_html": body_html,
        "link": absolute(message.path),
        "preferences": absolute(reverse("nudge_preferences")),
        "unsubscribe": unsubscribe,
    }
    email = EmailMultiAlternatives(
        subject=mail_subject(message.title),
        body=render_to_string("nudges/email.txt", context),
        to=[claim.person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(render_to_string("nudges/email.html", context), "text/html")
    return email


def deliver_claim(claim_id, *, now=None):
    """Deliver one claim; returns its status afterwards (or None if it was not open)."""
    load_kinds()
    now = now or timezone.now()
    with transaction.atomic():
        if not _start(claim_id, now):
            return None
        claim = NudgeClaim.objects.select_related("person").filter(pk=claim_id).first()
        if claim is None:  # its person was deleted while the planner claimed it
            NudgeClaim.objects.filter(pk=claim_id).update(
                status=NudgeClaim.Status.SKIPPED,
                finished_at=now,
                last_error="The person no longer exists.",
            )
            return NudgeClaim.Status.SKIPPED
        preference = _preference(claim) or NudgePreference(kind=claim.kind)
        if not (claim.person.is_active and preference.wants_anything) or _is_quiet(claim, now):
            _finish(claim, NudgeClaim.Status.SKIPPED)
            return claim.status
        kind = KINDS.get(claim.kind)
        if kind is None:  # a kind removed from the code since this claim was made
            _finish(claim, NudgeClaim.Status.SKIPPED, last_error=f"No kind {claim.kind!r}.")
            return claim.status
        if kind.may_deliver is not None and not kind.may_deliver(claim):
            _finish(claim, NudgeClaim.Status.SKIPPED, last_error=NO_LONGER_READABLE)
            return claim.status
        message = kind.message(claim)
        context = {**message.context, "claim": claim, "link": absolute(message.path)}
        body_text = render_to_string(f"{message.template}.txt", context).strip()
        if preference.in_app:
            Notification.objects.get_or_create(
                claim=claim,
                defaults={
                    "recipient": claim.person,
                    "kind": claim.kind,
                    "title": message.title,
                    "body": body_text,
                    "url": message.path,
                },
            )
        if not preference.email:
            _finish(claim, NudgeClaim.Status.SENT)
            return claim.status
    # Committed as 'sending' before SMTP: a redelivered task cannot send this again.
    body_html = render_to_string(f"{message.template}.html", context)
    try:
        _email(claim, message, body_text, body_html).send()
    except (smtplib.SMTPException, OSError) as error:
        return _failed(claim, error)
    _finish(claim, NudgeClaim.Status.SENT, emailed=True, last_error="")
    return claim.status


def _failed(claim, error):
    log.warning("nudge %s: email failed (attempt %s): %r", claim.pk, claim.attempts, error)
    text = f"attempt {claim.attempts}: {type(error).__name__}: {error}"[:1000]
    if claim.attempts >= MAX_ATTEMPTS:
        _finish(claim, NudgeClaim.Status.FAILED, last_error=text)
        return claim.status
    claim.status = NudgeClaim.Status.RETRYING
    claim.not_before = timezone.now() + BACKOFF[claim.attempts - 1]
    # The relay publishes it again once not_before has passed, to whichever worker is free.
    claim.enqueued_at = claim.leased_until = None
    claim.last_error = text
    claim.save(update_fields=["status", "not_before", "enqueued_at", "leased_until", "last_error"])
    return claim.status
