"""Writes for pulses: asking, answering, withdrawing an answer or the pulse, and closing
pulses past their two weeks.

Each is one transaction with its audit entries. The audit log records that someone
answered, never what. Asking claims each colleague's nudge
(promo/nudges/kinds/pulse_requested.py) in the same transaction, delivered after commit
through their own nudge preferences.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from promo.audit.services import audit_record, audit_record_many
from promo.models import AuditEntry, Pulse, PulseRecipient, User
from promo.nudges.planner import claim_event
from promo.pulses.access import may_see_pulse
from promo.pulses.models import FEWEST_ASKED, MOST_ASKED, OPEN_FOR
from promo.pulses.queries import level_to_ask_about, senior_colleagues_for

REQUESTED_KIND = "pulse_requested"
A = AuditEntry.Action


def pulse_request(*, person, recipients, by, now=None):
    """Ask FEWEST_ASKED to MOST_ASKED senior colleagues outside `person`'s management
    chain whether `person` operates at their next level today; returns the pulse.

    `by` is the person or a manager above them. One open pulse per person: the database
    holds it, and a pulse past its two weeks is closed here first."""
    if not may_see_pulse(by, person):
        raise PermissionDenied("Only the engineer and their managers ask about them.")
    now = now or timezone.now()
    level = level_to_ask_about(person)
    if level is None:
        raise ValidationError(f"{person} has no level above their own to ask about.")
    recipients = _checked_recipients(person, level, recipients)
    with transaction.atomic():
        # One pulse at a time per person, so two tabs cannot both start one.
        User.objects.select_for_update().filter(pk=person.pk).first()
        pulses_close_expired(now=now, person_id=person.pk)
        pulse = _create(person=person, level=level, by=by, now=now)
        asked = PulseRecipient.objects.bulk_create(
            PulseRecipient(pulse=pulse, person=colleague) for colleague in recipients
        )
        for recipient in asked:
            claim_event(REQUESTED_KIND, recipients=[recipient.person_id], recipient_id=recipient.pk)
        audit_record_many(
            actor=by,
            records=[
                (A.PULSE_REQUESTED, person, pulse, f"Asked {colleague} about {level.code}")
                for colleague in recipients
            ],
        )
    return pulse


def _checked_recipients(person, level, recipients):
    recipients = list(dict.fromkeys(recipients))
    if not FEWEST_ASKED <= len(recipients) <= MOST_ASKED:
        raise ValidationError(
            {
                "recipients": f"Choose between {FEWEST_ASKED} and {MOST_ASKED} colleagues; "
                f"you chose {len(recipients)}."
            }
        )
    allowed = set(senior_colleagues_for(person, level).values_list("pk", flat=True))
    names = ", ".join(str(r) for r in recipients if r.pk not in allowed)
    if names:
        raise ValidationError(
            {
                "recipients": f"Ask only senior colleagues outside {person}’s management "
                f"chain; not {names}."
            }
        )
    return recipients


def _create(*, person, level, by, now):
    if Pulse.objects.filter(person_id=person.pk, status=Pulse.Status.OPEN).exists():
        raise ValidationError(f"{person} already has an open pulse; one at a time.")
    try:
        with transaction.atomic():
            return Pulse.objects.create(person=person, level=level, started_by=by, created_at=now)
    except IntegrityError as error:
        raise ValidationError(f"{person} already has an open pulse; one at a time.") from error


def pulse_answer(*, recipient, answer, sentence, by, now=None):
    """The colleague asked answers, or changes their answer, while the pulse is open."""
    if by.pk != recipient.person_id:
        raise PermissionDenied("Only the colleague asked answers.")
    if answer not in PulseRecipient.Answer.values:
        raise ValidationError({"answer": "Choose Yes, Not yet or Don’t know."})
    now = now or timezone.now()
    changing = recipient.has_answered
    with transaction.atomic():
        _refuse_closed(recipient.pulse, now)
        PulseRecipient.objects.filter(pk=recipient.pk).update(
            answer=answer, sentence=sentence.strip(), answered_at=now
        )
        audit_record(
            actor=by,
            action=A.PULSE_ANSWERED,
            subject=recipient.pulse.person,
            target=recipient.pulse,
            detail="Changed their answer" if changing else "Answered",
        )
    recipient.refresh_from_db()
    return recipient


def pulse_answer_withdraw(*, recipient, by, now=None):
    """The colleague takes their answer back while the pulse is open; it counts nowhere."""
    if by.pk != recipient.person_id:
        raise PermissionDenied("Only the colleague who answered withdraws the answer.")
    now = now or timezone.now()
    with transaction.atomic():
        _refuse_closed(recipient.pulse, now)
        changed = (
            PulseRecipient.objects.filter(pk=recipient.pk)
            .exclude(answer="")
            .update(answer="", sentence="", answered_at=None)
        )
        if not changed:
            raise ValidationError("There is no answer of yours to withdraw.")
        audit_record(
            actor=by,
            action=A.PULSE_ANSWER_WITHDRAWN,
            subject=recipient.pulse.person,
            target=recipient.pulse,
            detail="Withdrew their answer",
        )
    recipient.refresh_from_db()
    return recipient


def _refuse_closed(pulse, now):
    # Locks the pulse, so an answer and the closing job never cross.
    current = Pulse.objects.select_for_update().get(pk=pulse.pk)
    if not current.is_open_at(now):
        raise ValidationError("This pulse is closed; answers can no longer change.")


def pulse_withdraw(*, pulse, by, now=None):
    """The engineer or a manager above them withdraws an open pulse: it shows nowhere,
    and a new one may be started."""
    if not may_see_pulse(by, pulse.person):
        raise PermissionDenied("Only the engineer and their managers withdraw a pulse.")
    now = now or timezone.now()
    with transaction.atomic():
        changed = Pulse.objects.filter(
            pk=pulse.pk, status=Pulse.Status.OPEN, created_at__gt=now - OPEN_FOR
        ).update(status=Pulse.Status.WITHDRAWN, closed_at=now)
        if not changed:
            raise ValidationError("This pulse is already closed or withdrawn.")
        audit_record(
            actor=by,
            action=A.PULSE_WITHDRAWN,
            subject=pulse.person,
            target=pulse,
            detail="Withdrew the pulse",
        )


def pulses_close_expired(*, now=None, person_id=None):
    """Close every open pulse past its two weeks (of one person, with `person_id`); the
    number closed. Idempotent: a closed pulse is never selected again, and a pulse another
    run holds is left to it."""
    now = now or timezone.now()
    due = Pulse.objects.filter(status=Pulse.Status.OPEN, created_at__lte=now - OPEN_FOR)
    if person_id is not None:
        due = due.filter(person_id=person_id)
    with transaction.atomic():
        pulses = list(
            due.select_for_update(skip_locked=True, of=("self",)).select_related("person")
        )
        for pulse in pulses:
            pulse.status, pulse.closed_at = Pulse.Status.CLOSED, pulse.open_until
            pulse.save(update_fields=["status", "closed_at"])
        audit_record_many(
            actor=None,
            records=[(A.PULSE_CLOSED, p.person, p, "Closed after two weeks") for p in pulses],
        )
    return len(pulses)
