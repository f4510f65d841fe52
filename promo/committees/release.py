"""Releasing a cycle: the decisions reach the candidacies, "not yet" feedback becomes
gaps, and the candidate and their manager are told (in-app and email, as their nudge
preferences say)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from promo.audit.services import audit_record
from promo.candidacies.services import candidacy_record_outcome, gap_add
from promo.committees.checks import calibration_checks, nominations_of
from promo.models import AuditEntry, Criterion, Cycle, Nomination
from promo.nudges.planner import claim_event

RELEASED_KIND = "decision_released"


def feedback_text(nomination, names):
    """The decision's feedback as one text, a line per criterion, for the submission."""
    return "\n".join(
        f"{names.get(int(key), 'A criterion')}: {text}" for key, text in nomination.feedback.items()
    )


def _write_outcome(nomination, by, names, decided_on):
    candidacy = nomination.candidacy
    outcome = "promoted" if nomination.decision == Nomination.Decision.PROMOTE else "not_yet"
    submission = candidacy_record_outcome(
        candidacy=candidacy,
        by=nomination.decided_by or by,
        outcome=outcome,
        feedback=feedback_text(nomination, names),
        decided_on=decided_on,
        committee=True,
    )
    for key, text in nomination.feedback.items():
        criterion = Criterion.objects.filter(pk=int(key), ladder_id=candidacy.ladder_id).first()
        if criterion is not None:
            gap_add(
                candidacy=candidacy, by=by, criterion=criterion, text=text, submission=submission
            )
    person = candidacy.person
    recipients = [person.pk] + ([person.manager_id] if person.manager_id else [])
    claim_event(RELEASED_KIND, recipients=recipients, nomination_id=nomination.pk)


def cycle_release(*, cycle: Cycle, by, accept_warnings=False, decided_on=None) -> Cycle:
    """Release every decision of a cycle in review. Refused while a nomination is
    undecided, and while calibration checks warn unless staff accept the warnings.
    The candidacies record the decisions as of `decided_on` (default today)."""
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.status != Cycle.Status.REVIEW:
            raise ValidationError("Only a cycle in review can release its decisions.")
        nominations = nominations_of(cycle)
        waiting = [n for n in nominations if not n.is_decided]
        if waiting:
            names = ", ".join(n.packet.get("candidate", {}).get("name", "") for n in waiting)
            raise ValidationError(f"Decide every nomination first; waiting: {names}.")
        warnings = calibration_checks(cycle, nominations)
        if warnings and not accept_warnings:
            raise ValidationError(
                "Calibration checks warn; read them and confirm to release anyway."
            )
        # Released first: the nudges claimed below are for released decisions only.
        cycle.status = Cycle.Status.RELEASED
        cycle.released_at = timezone.now()
        cycle.save(update_fields=["status", "released_at"])
        names = dict(Criterion.objects.values_list("pk", "name"))
        rows = Nomination.objects.filter(pk__in=[n.pk for n in nominations])
        for nomination in rows.select_related("candidacy__person", "decided_by"):
            _write_outcome(nomination, by, names, decided_on)
        audit_record(
            actor=by,
            action=AuditEntry.Action.CYCLE_CHANGED,
            target=cycle,
            detail=f"{cycle.name}: released {len(nominations)} decisions",
        )
    return cycle
