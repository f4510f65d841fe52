"""Delivering one claimed nudge: preferences, the in-app notification, then email.

At most one email per claim, even if a worker dies mid-send: the claim is moved to
'sending' (and committed) before SMTP is spoken, and only an open claim ('pending' or
'retrying') can be moved there. A redelivered task therefore finds the claim 'sending'
or 'sent' and does nothing; the relay later records a stuck 'sending' claim as
interrupted for staff to see.

An attempt counts only when the mail server took part in the conversation. If the
connection cannot even be opened (refused, no connection or no greeting within
EMAIL_TIMEOUT), nothing was sent: the claim waits MAIL_PAUSE and tries again, without
using up one of its MAX_ATTEMPTS, so an outage of hours loses no email.
"""

import logging
import smtplib
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from promo.models import Notification, NudgeClaim, NudgePreference, NudgeSettings
from promo.nudges.registry import KINDS
from promo.nudges.tokens import unsubscribe_token
from promo.web.mail import mail_subject

log = logging.getLogger(__name__)

# Attempt n failed -> wait BACKOFF[n - 1] before the next one; after the last, give up.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
MAX_ATTEMPTS = len(BACKOFF) + 1
# How long a claim whose mail server was unreachable waits before it tries again; a batch
# that meets a silent server also leaves the rest of its claims this long.
MAIL_PAUSE = timedelta(minutes=1)
# Unreachable attempts are free, so something else must bound them. A nudge is about this
# week's work and its in-app notification is already there; an email a day late is noise,
# and a mail server down for a day is an incident for people, not for retries.
UNREACHABLE_AT_MOST = timedelta(days=1)
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


@dataclass(frozen=True)
class Outcome:
    """What delivering one claim came to: its status afterwards (None if it was not open),
    and whether the mail server was silent (unreachable, or no reply in time), which a
    batch counts to give up early rather than wait out EMAIL_TIMEOUT claim after claim."""

    status: str | None
    mail_silent: bool = False


def deliver_claim(claim_id, *, now=None):
    """Deliver one claim; returns its status afterwards (or None if it was not open)."""
    return attempt_claim(claim_id, now=now).status


def attempt_claim(claim_id, *, now=None):
    """Deliver one claim; returns its Outcome. `now` pins the clock (tests)."""
    started = now or timezone.now()
    with transaction.atomic():
        if not _start(claim_id, started):
            return Outcome(None)
        status, claim, email = _prepare(claim_id, started)
    if email is None:
        return Outcome(status)
    # Committed as 'sending' before SMTP: a redelivered task cannot send this again.
    return _send(claim, email, now=now)


def _prepare(claim_id, now):
    """(status, claim, email): the email to send, or None with the status it ended in."""
    claim = NudgeClaim.objects.select_related("person").filter(pk=claim_id).first()
    if claim is None:  # its person was deleted while the planner claimed it
        NudgeClaim.objects.filter(pk=claim_id).update(
            status=NudgeClaim.Status.SKIPPED,
            finished_at=now,
            last_error="The person no longer exists.",
        )
        return NudgeClaim.Status.SKIPPED, None, None
    preference = _preference(claim) or NudgePreference(kind=claim.kind)
    if not (claim.person.is_active and preference.wants_anything) or _is_quiet(claim, now):
        _finish(claim, NudgeClaim.Status.SKIPPED)
        return claim.status, claim, None
    kind = KINDS.get(claim.kind)
    if kind is None:  # a kind removed from the code since this claim was made
        _finish(claim, NudgeClaim.Status.SKIPPED, last_error=f"No kind {claim.kind!r}.")
        return claim.status, claim, None
    if kind.may_deliver is not None and not kind.may_deliver(claim):
        _finish(claim, NudgeClaim.Status.SKIPPED, last_error=NO_LONGER_READABLE)
        return claim.status, claim, None
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
        return claim.status, claim, None
    body_html = render_to_string(f"{message.template}.html", context)
    return claim.status, claim, _email(claim, message, body_text, body_html)


def _send(claim, email, *, now):
    """Open the connection first, so that a server never reached is told apart from one
    that took part and failed: only the latter uses up an attempt."""
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        if isinstance(error, smtplib.SMTPResponseException):  # it answered, and said no
            return _failed(claim, error, now=now or timezone.now())
        return _unreachable(claim, error, now=now or timezone.now())
    try:
        connection.send_messages([email])
    except (smtplib.SMTPException, OSError) as error:
        return _failed(claim, error, now=now or timezone.now())
    finally:
        # Whatever the goodbye does, the message went out (or not) already.
        with suppress(smtplib.SMTPException, OSError):
            connection.close()
    _finish(claim, NudgeClaim.Status.SENT, emailed=True, last_error="")
    return Outcome(claim.status)


def _timed_out(error):
    # smtplib reports a reply that never came as SMTPServerDisconnected, raised while
    # handling the socket's TimeoutError.
    return isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError)


def _unreachable(claim, error, *, now):
    """Nothing was sent: try again after MAIL_PAUSE without counting the attempt, for at
    most UNREACHABLE_AT_MOST since the claim was made."""
    log.warning("nudge %s: mail server unreachable: %r", claim.pk, error)
    claim.attempts -= 1
    reason = f"{type(error).__name__}: {error}"
    if now - claim.created_at > UNREACHABLE_AT_MOST:
        text = f"Not emailed: the mail server was unreachable for over a day ({reason})."
        _finish(claim, NudgeClaim.Status.FAILED, attempts=claim.attempts, last_error=text[:1000])
        return Outcome(claim.status, mail_silent=True)
    text = f"The mail server was unreachable ({reason}); not counted as an attempt."
    _retry(claim, not_before=now + MAIL_PAUSE, last_error=text)
    return Outcome(claim.status, mail_silent=True)


def _failed(claim, error, *, now):
    log.warning("nudge %s: email failed (attempt %s): %r", claim.pk, claim.attempts, error)
    text = f"attempt {claim.attempts}: {type(error).__name__}: {error}"
    if claim.attempts >= MAX_ATTEMPTS:
        _finish(claim, NudgeClaim.Status.FAILED, last_error=text[:1000])
    else:
        _retry(claim, not_before=now + BACKOFF[claim.attempts - 1], last_error=text)
    return Outcome(claim.status, mail_silent=_timed_out(error))


def _retry(claim, *, not_before, last_error):
    claim.status = NudgeClaim.Status.RETRYING
    claim.not_before = not_before
    # The relay publishes it again once not_before has passed, to whichever worker is free.
    claim.enqueued_at = claim.leased_until = None
    claim.last_error = last_error[:1000]
    claim.save(
        update_fields=[
            "status", "attempts", "not_before", "enqueued_at", "leased_until", "last_error"
        ]
    )  # fmt: skip
