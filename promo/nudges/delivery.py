"""Delivering claimed nudges: preferences, the in-app notifications, then email.

A batch of claims is prepared in a few statements: the claims with their people, their
preferences and quiet periods, the in-app notifications created in bulk, and every claim
that sends no email (skipped, or in the app only) closed in bulk. Each email is then
sent over one reused SMTP connection (promo.nudges.courier), its words rendered once per
kind of message (promo.nudges.letters).

At most one email per claim, even if a worker dies mid-send: each claim is moved to
'sending' (and committed) on its own, just before its email is sent, and only an open
claim ('pending' or 'retrying') can be moved there. A redelivered task therefore finds
the claim 'sending' or 'sent' and does nothing; the relay later records a stuck
'sending' claim as interrupted for staff to see. A worker killed mid-batch leaves at most
the one claim it was sending that way; the rest are still open, and are delivered again.

An attempt counts only when the mail server took part in the conversation. If the
connection cannot even be opened (refused, no connection or no greeting within
EMAIL_TIMEOUT), nothing was sent: the claim waits MAIL_PAUSE and tries again, without
using up one of its MAX_ATTEMPTS, so an outage of hours loses no email.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from promo.models import Notification, NudgeClaim, NudgePreference, NudgeSettings
from promo.nudges.courier import Courier, Unreachable
from promo.nudges.letters import Letter, Letters
from promo.nudges.registry import KINDS

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
NO_SUCH_PERSON = "The person no longer exists."


@dataclass(frozen=True)
class Outcome:
    """What delivering one claim came to: its status afterwards (None if it was not open),
    and whether the mail server was silent (unreachable, or no reply in time), which a
    batch counts to give up early rather than wait out EMAIL_TIMEOUT claim after claim."""

    status: str | None
    mail_silent: bool = False


@dataclass(frozen=True)
class Outgoing:
    """A prepared claim whose email is still to be sent."""

    claim: NudgeClaim
    letter: Letter


def deliver_claim(claim_id, *, now=None):
    """Deliver one claim; returns its status afterwards (or None if it was not open)."""
    return attempt_claim(claim_id, now=now).status


def attempt_claim(claim_id, *, now=None):
    """Deliver one claim; returns its Outcome. `now` pins the clock (tests)."""
    outgoing, closed = prepare([claim_id], now=now or timezone.now())
    if not outgoing:
        return Outcome(closed.get(claim_id))
    with Courier() as courier:
        return send(outgoing[0], courier, now=now)


def prepare(claim_ids, *, now):
    """Prepare the open, due claims among `claim_ids`: create their in-app notifications
    and close those that send no email, in a few statements. Returns (outgoing, closed):
    the claims to email, in id order, and {claim id: status} of the ones closed here."""
    claims = list(
        NudgeClaim.objects.select_related("person")
        .filter(id__in=claim_ids, status__in=NudgeClaim.OPEN, not_before__lte=now)
        .order_by("id")
    )
    closed = {}
    if len(claims) < len(claim_ids):  # a claim not open, or whose person was deleted
        orphans = _orphans(claim_ids, {claim.pk for claim in claims}, now)
        closed.update(dict.fromkeys(orphans, NudgeClaim.Status.SKIPPED))
    preferences, quiet = _choices_of(claims)
    letters = Letters()
    notifications, outgoing, to_close = [], [], {}
    for claim in claims:
        preference = preferences.get((claim.person_id, claim.kind)) or NudgePreference(
            kind=claim.kind
        )
        reason = _reason_to_skip(claim, preference, quiet.get(claim.person_id), now)
        if reason is not None:
            to_close.setdefault((NudgeClaim.Status.SKIPPED, reason), []).append(claim.pk)
            continue
        letter = letters.letter(claim, KINDS[claim.kind].message(claim))
        if preference.in_app:
            notifications.append(_notification(claim, letter))
        if preference.email:
            outgoing.append(Outgoing(claim, letter))
        else:
            to_close.setdefault((NudgeClaim.Status.SENT, None), []).append(claim.pk)
    with transaction.atomic():
        # One per claim (a unique claim): a claim delivered again adds none.
        Notification.objects.bulk_create(notifications, ignore_conflicts=True)
        for (status, reason), ids in to_close.items():
            _close(ids, status, reason)
            closed.update(dict.fromkeys(ids, status))
    return outgoing, closed


def _orphans(claim_ids, found, now):
    """Skip the open claims whose person was deleted while the planner claimed them."""
    orphans = list(
        NudgeClaim.objects.filter(id__in=claim_ids, status__in=NudgeClaim.OPEN, not_before__lte=now)
        .exclude(id__in=found)
        .values_list("id", flat=True)
    )
    if orphans:
        _close(orphans, NudgeClaim.Status.SKIPPED, NO_SUCH_PERSON)
    return orphans


def _choices_of(claims):
    """{(person id, kind): NudgePreference} and {person id: NudgeSettings with a quiet
    period} for the people of `claims`, in two queries."""
    people = {claim.person_id for claim in claims}
    if not people:
        return {}, {}
    preferences = NudgePreference.objects.filter(
        person_id__in=people, kind__in={claim.kind for claim in claims}
    )
    quiet = NudgeSettings.objects.filter(
        person_id__in=people, quiet_from__isnull=False, quiet_until__isnull=False
    )
    return (
        {(preference.person_id, preference.kind): preference for preference in preferences},
        {choice.person_id: choice for choice in quiet},
    )


def _reason_to_skip(claim, preference, quiet, now):
    """Why this claim is skipped ("" for the person's own choice), or None to deliver it."""
    if not (claim.person.is_active and preference.wants_anything):
        return ""
    if quiet and quiet.is_quiet_on(now.astimezone(claim.person.zone).date()):
        return ""
    kind = KINDS.get(claim.kind)
    if kind is None:  # a kind removed from the code since this claim was made
        return f"No kind {claim.kind!r}."
    if kind.may_deliver is not None and not kind.may_deliver(claim):
        return NO_LONGER_READABLE
    return None


def _notification(claim, letter):
    return Notification(
        claim=claim,
        recipient_id=claim.person_id,
        kind=claim.kind,
        title=letter.message.title,
        body=letter.body_text,
        url=letter.message.path,
    )


def _close(claim_ids, status, reason=None):
    """Close open claims that send no email; `reason`, if any, becomes their last error."""
    fields = {"status": status, "finished_at": timezone.now(), "attempts": F("attempts") + 1}
    if reason:
        fields["last_error"] = reason
    NudgeClaim.objects.filter(id__in=claim_ids, status__in=NudgeClaim.OPEN).update(**fields)


def _start(claim_id, now):
    """Move an open, due claim to 'sending'. False if another delivery got there first."""
    return bool(
        NudgeClaim.objects.filter(
            pk=claim_id, status__in=NudgeClaim.OPEN, not_before__lte=now
        ).update(status=NudgeClaim.Status.SENDING, sending_at=now, attempts=F("attempts") + 1)
    )


def _finish(claim, status, **fields):
    claim.status = status
    claim.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.save(update_fields=["status", "finished_at", *fields])


class Sending:
    """Sends prepared claims' emails one after another over `courier`'s connection; use it
    as a context manager.

    Each claim is moved to 'sending' and committed before its email goes out, so a
    redelivered task, or this batch run again, cannot send it twice. Once the server has
    accepted an email, its claim is recorded 'sent' by the same committed statement that
    moves the next claim to 'sending': one round trip per email rather than two. Leaving
    the context records the last one. A worker killed between the two leaves that one
    claim 'sending', which the relay records as interrupted, as it would have anyway."""

    def __init__(self, courier):
        self.courier = courier
        self._accepted = None  # the claim whose email went out, not yet recorded 'sent'

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.record_accepted()

    def send(self, outgoing, *, now=None):
        """Send one prepared claim's email; returns its Outcome. Only a server that took
        part in the conversation uses up an attempt."""
        claim = outgoing.claim
        now = now or timezone.now()
        email = outgoing.letter.email_for(claim.person, claim.kind)
        if not self._start(claim.pk, now):
            return Outcome(None)
        claim.status, claim.attempts = NudgeClaim.Status.SENDING, claim.attempts + 1
        try:
            self.courier.send(email)
        except Unreachable as unreachable:
            return _unreachable(claim, unreachable.error, now=now)
        except (smtplib.SMTPException, OSError) as error:
            return _failed(claim, error, now=now)
        claim.status = NudgeClaim.Status.SENT
        self._accepted = claim
        return Outcome(claim.status)

    def record_accepted(self):
        accepted, self._accepted = self._accepted, None
        if accepted is not None:
            _mark_sent(accepted)

    def _start(self, claim_id, now):
        accepted, self._accepted = self._accepted, None
        if accepted is None:
            return _start(claim_id, now)
        return _sent_then_start(accepted, claim_id, now)


# The ORM's update() cannot say which rows it changed; RETURNING can.
_SENT_THEN_START = """
    UPDATE promo_nudgeclaim SET
        status = CASE WHEN id = %s THEN %s ELSE %s END,
        finished_at = CASE WHEN id = %s THEN %s ELSE finished_at END,
        emailed = CASE WHEN id = %s THEN %s ELSE emailed END,
        last_error = CASE WHEN id = %s THEN '' ELSE last_error END,
        sending_at = CASE WHEN id = %s THEN %s ELSE sending_at END,
        attempts = CASE WHEN id = %s THEN attempts + 1 ELSE attempts END
    WHERE (id = %s AND status = %s)
       OR (id = %s AND status IN (%s, %s) AND not_before <= %s)
    RETURNING id
"""


def _sent_then_start(accepted, claim_id, now):
    """Record `accepted` sent and move the open, due claim `claim_id` to 'sending', in one
    committed statement; False if another delivery got to `claim_id` first."""
    sent, sending = NudgeClaim.Status.SENT, NudgeClaim.Status.SENDING
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            _SENT_THEN_START,
            [
                accepted.pk, sent, sending,
                accepted.pk, at,
                accepted.pk, True,
                accepted.pk,
                claim_id, at,
                claim_id,
                accepted.pk, sending,
                claim_id, *NudgeClaim.OPEN, at,
            ],
        )  # fmt: skip
        return claim_id in {row[0] for row in cursor.fetchall()}


def send(outgoing, courier, *, now=None):
    """Send one prepared claim's email over `courier`'s connection and record it; returns
    its Outcome. A batch sends through one Sending instead, saving a round trip per email."""
    with Sending(courier) as sending:
        return sending.send(outgoing, now=now)


def _mark_sent(claim):
    """Record the email sent without waiting for the disk (each flush costs milliseconds).
    Lost in a database crash, the claim is back to 'sending' and is recorded as
    interrupted: never sent twice. The move to 'sending' does wait."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        _finish(claim, NudgeClaim.Status.SENT, emailed=True, last_error="")


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
