"""Writes for attestations: asking, cancelling, answering and withdrawing.

Each one is a transaction with its audit entry; an answer or a withdrawal also tells the
owner's readiness (promo.web.readiness_changed), since a confirmation of adoption can
show a criterion. Asking also claims the colleague's nudge
(promo/nudges/kinds/attestation_requested.py) in the same transaction, delivered after
commit through their own nudge preferences.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from promo.audit.services import audit_record
from promo.models import Attestation, AuditEntry, User
from promo.nudges.planner import claim_event
from promo.web.readiness_changed import readiness_changed

# Enough for a promo case; a cap that keeps asking a deliberate act, not a mail merge.
MAX_OPEN_REQUESTS = 20
REQUESTED_KIND = "attestation_requested"


def open_requests_of(owner):
    """How many of the owner's requests wait for an answer, on live artifacts."""
    return Attestation.objects.filter(
        artifact__owner_id=owner.pk,
        artifact__deleted_at__isnull=True,
        status=Attestation.Status.PENDING,
    ).count()


def attestation_request(*, artifact, attesters, question, by):
    """Ask each of `attesters` to confirm `artifact`; returns the new requests.

    Only the owner asks, never themselves, at most MAX_OPEN_REQUESTS open at once, and
    nobody twice about the same artifact while an earlier request or answer stands.
    """
    if by.pk != artifact.owner_id:
        raise PermissionDenied("Only its owner asks colleagues to confirm an artifact.")
    attesters = list(attesters)
    question = question.strip()
    if not attesters:
        raise ValidationError({"attesters": "Choose at least one colleague."})
    if not question:
        raise ValidationError({"question": "Write the question you want them to answer."})
    if any(person.pk == by.pk for person in attesters):
        raise ValidationError({"attesters": "You cannot confirm your own work."})
    with transaction.atomic():
        # One request at a time per owner, so two tabs cannot both pass the cap.
        User.objects.select_for_update().filter(pk=by.pk).first()
        _refuse_asked_already(artifact, attesters)
        open_now = open_requests_of(by)
        if open_now + len(attesters) > MAX_OPEN_REQUESTS:
            room = max(MAX_OPEN_REQUESTS - open_now, 0)
            raise ValidationError(
                {
                    "attesters": f"You can have at most {MAX_OPEN_REQUESTS} requests waiting "
                    f"for an answer; {open_now} are waiting now, so you can ask {room} more. "
                    "Cancel one that is no longer needed, or wait for answers."
                }
            )
        now = timezone.now()
        created = Attestation.objects.bulk_create(
            Attestation(artifact=artifact, attester=person, question=question, requested_at=now)
            for person in attesters
        )
        for attestation in created:
            claim_event(
                REQUESTED_KIND, recipients=[attestation.attester_id], attestation_id=attestation.pk
            )
            audit_record(
                actor=by,
                action=AuditEntry.Action.ATTESTATION_REQUESTED,
                subject=by,
                target=attestation,
                detail=f"Asked {attestation.attester} to confirm artifact {artifact.pk}",
            )
    return created


def _refuse_asked_already(artifact, attesters):
    asked = set(
        Attestation.objects.filter(artifact=artifact, attester__in=attesters)
        .exclude(status=Attestation.Status.CANCELLED)
        .values_list("attester_id", flat=True)
    )
    names = ", ".join(str(person) for person in attesters if person.pk in asked)
    if names:
        raise ValidationError(
            {"attesters": f"Already asked about this (each person answers once): {names}."}
        )


def attestation_cancel(*, attestation, by):
    """The owner takes back a request still waiting for an answer."""
    if by.pk != attestation.artifact.owner_id:
        raise PermissionDenied("Only its owner cancels a request.")
    with transaction.atomic():
        changed = Attestation.objects.filter(
            pk=attestation.pk, status=Attestation.Status.PENDING
        ).update(status=Attestation.Status.CANCELLED, closed_at=timezone.now())
        if not changed:
            raise ValidationError("This request was already answered or cancelled.")
        audit_record(
            actor=by,
            action=AuditEntry.Action.ATTESTATION_CANCELLED,
            subject=by,
            target=attestation,
            detail=f"Cancelled the request to {attestation.attester}",
        )


def attestation_answer(*, attestation, confirmed, statement, adopted, by):
    """The colleague asked confirms (in their own words, saying whether their team adopted
    it) or declines. Once: a request already answered is refused."""
    if by.pk != attestation.attester_id or by.pk == attestation.artifact.owner_id:
        raise PermissionDenied("Only the colleague asked answers, and never about their own work.")
    status = Attestation.Status.CONFIRMED if confirmed else Attestation.Status.DECLINED
    with transaction.atomic():
        changed = Attestation.objects.filter(
            pk=attestation.pk, status=Attestation.Status.PENDING
        ).update(
            status=status,
            statement=statement.strip() if confirmed else "",
            adopted=bool(adopted) and confirmed,
            answered_at=timezone.now(),
        )
        if not changed:
            raise ValidationError("You already answered this request, or it was cancelled.")
        audit_record(
            actor=by,
            action=AuditEntry.Action.ATTESTATION_ANSWERED,
            subject=attestation.artifact.owner,
            target=attestation,
            detail="Confirmed" if confirmed else "Declined",
        )
        # A confirmation of adoption counts in the owner's readiness (and their snapshot).
        readiness_changed(attestation.artifact.owner_id)
    attestation.refresh_from_db()
    return attestation


def attestation_withdraw(*, attestation, by):
    """The colleague takes their answer back; it no longer shows or counts anywhere."""
    if by.pk != attestation.attester_id:
        raise PermissionDenied("Only the colleague who answered withdraws the answer.")
    answered = (Attestation.Status.CONFIRMED, Attestation.Status.DECLINED)
    with transaction.atomic():
        changed = Attestation.objects.filter(pk=attestation.pk, status__in=answered).update(
            status=Attestation.Status.WITHDRAWN,
            statement="",
            adopted=False,
            closed_at=timezone.now(),
        )
        if not changed:
            raise ValidationError("There is no answer of yours to withdraw.")
        audit_record(
            actor=by,
            action=AuditEntry.Action.ATTESTATION_WITHDRAWN,
            subject=attestation.artifact.owner,
            target=attestation,
            detail="Withdrew their answer",
        )
        readiness_changed(attestation.artifact.owner_id)
    attestation.refresh_from_db()
    return attestation
