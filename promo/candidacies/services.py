"""Writes to candidacies: opening a case, submissions to committee, outcomes, gaps.

Who may call each one is decided by promo.candidacies.access before the call; these
functions enforce the state rules, which hold whoever asks. Nothing is deleted: a
submission, its feedback and every gap stay with the candidacy for good.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from promo.models import Candidacy, Gap, Submission, User
from promo.web.readiness_changed import readiness_changed

Status = Candidacy.Status
Outcome = Submission.Outcome


def _today():
    return timezone.localdate()


def _lock(candidacy):
    """Re-read the candidacy under a row lock so two requests cannot both move it."""
    locked = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    candidacy.status = locked.status
    return candidacy


def candidacy_open(
    *,
    person: User,
    by: User,
    target_level=None,
    target_date: datetime.date | None = None,
) -> Candidacy:
    """Open a case for `person` to move up their ladder.

    The target defaults to the next level. The case stores no manager or mentors: who
    manages and mentors the person is read from the organisation whenever it is asked
    (Candidacy.current_manager, current_mentors). A second open candidacy is refused.
    """
    if person.ladder_id is None or person.level_id is None:
        raise ValidationError(f"{person} has no ladder and level yet; staff set those first.")
    target_level = target_level or person.level.next_level()
    if target_level is None:
        raise ValidationError(f"{person} is at the top of the {person.ladder} ladder.")
    if target_level.ladder_id != person.ladder_id or target_level.position <= person.level.position:
        raise ValidationError(
            {"target_level": f"Choose a level above {person.level.code} on the {person.ladder}."}
        )
    try:
        with transaction.atomic():
            candidacy = Candidacy.objects.create(
                person=person,
                ladder_id=person.ladder_id,
                from_level_id=person.level_id,
                target_level=target_level,
                target_date=target_date,
            )
            readiness_changed(person.pk)
    except IntegrityError:
        # The partial unique constraint decides, so two simultaneous opens cannot both win.
        raise ValidationError(
            f"{person} already has an open candidacy; close it with an outcome first."
        ) from None
    return candidacy


def candidacy_submit(
    *, candidacy: Candidacy, by: User, submitted_on: datetime.date | None = None
) -> Submission:
    """The manager (or staff) records that the case went to committee."""
    with transaction.atomic():
        _lock(candidacy)
        if candidacy.status != Status.PREPARING:
            raise ValidationError(
                f"Only a candidacy being prepared can be submitted; this one is "
                f"{candidacy.get_status_display().lower()}."
            )
        submission = Submission.objects.create(
            candidacy=candidacy, submitted_on=submitted_on or _today(), submitted_by=by
        )
        candidacy.status = Status.SUBMITTED
        candidacy.save(update_fields=["status"])
        readiness_changed(candidacy.person_id)
    return submission


def candidacy_record_outcome(
    *,
    candidacy: Candidacy,
    by: User,
    outcome: str,
    feedback: str = "",
    decided_on: datetime.date | None = None,
    committee: bool = False,
) -> Submission:
    """The manager (or staff) records the committee's decision on the pending submission.

    "promoted" moves the person to the target level; "not yet" closes this round and
    leaves the feedback for the engineer to turn into gaps before resubmitting. A
    submission made by a nomination in a promotion cycle is decided by its committee: only
    the cycle's release (`committee=True`) records it.
    """
    if outcome not in (Outcome.PROMOTED, Outcome.NOT_YET):
        raise ValidationError({"outcome": "Choose promoted or not yet."})
    with transaction.atomic():
        _lock(candidacy)
        submission = candidacy.submissions.filter(outcome=Outcome.PENDING).first()
        if candidacy.status != Status.SUBMITTED or submission is None:
            raise ValidationError("There is no submission waiting for an outcome.")
        cycle = _cycle_of(submission)
        if cycle is not None and not committee:
            raise ValidationError(
                f"This submission is in the {cycle} cycle: its committee decides it."
            )
        decided_on = decided_on or _today()
        if decided_on < submission.submitted_on:
            raise ValidationError({"decided_on": "The decision cannot come before the submission."})
        submission.outcome = outcome
        submission.feedback = feedback.strip()
        submission.decided_on = decided_on
        submission.decided_by = by
        submission.save(update_fields=["outcome", "feedback", "decided_on", "decided_by"])
        candidacy.status = Status.PROMOTED if outcome == Outcome.PROMOTED else Status.NOT_YET
        candidacy.save(update_fields=["status"])
        if outcome == Outcome.PROMOTED:
            person = candidacy.person
            person.ladder_id = candidacy.ladder_id
            person.level_id = candidacy.target_level_id
            person.save(update_fields=["ladder", "level"])
        readiness_changed(candidacy.person_id)
    return submission


def _cycle_of(submission):
    """The promotion cycle a submission was nominated in, or None (outside a cycle)."""
    nomination = getattr(submission, "nomination", None)  # promo.committees, if nominated
    return nomination.cycle if nomination is not None else None


def candidacy_resubmit(*, candidacy: Candidacy, by: User) -> Candidacy:
    """After "not yet", the same case goes back to preparing for another submission.

    The earlier submissions, their feedback and the gaps stay; the manager records the
    next submission with candidacy_submit once the gaps are closed.
    """
    with transaction.atomic():
        _lock(candidacy)
        if candidacy.status != Status.NOT_YET:
            raise ValidationError("Only a candidacy that came back “not yet” can be resubmitted.")
        candidacy.status = Status.PREPARING
        try:
            with transaction.atomic():
                candidacy.save(update_fields=["status"])
        except IntegrityError:
            raise ValidationError(
                f"{candidacy.person} already has another open candidacy."
            ) from None
        readiness_changed(candidacy.person_id)
    return candidacy


def candidacy_set_target_date(
    *, candidacy: Candidacy, by: User, target_date: datetime.date | None
) -> Candidacy:
    """Move the date the case aims to go to committee. Only while it is open."""
    if not candidacy.is_open:
        raise ValidationError("The target date of a decided candidacy is history; it stays.")
    candidacy.target_date = target_date
    candidacy.save(update_fields=["target_date"])
    readiness_changed(candidacy.person_id)
    return candidacy


def gap_add(
    *,
    candidacy: Candidacy,
    by: User,
    criterion,
    text: str,
    submission: Submission | None = None,
) -> Gap:
    """Something to show before the next submission, against one of the ladder's criteria,
    optionally taken from a submission's feedback."""
    errors = {}
    if candidacy.status == Status.PROMOTED:
        errors["__all__"] = "This candidacy ended in a promotion; its gaps are history."
    if criterion is None or criterion.ladder_id != candidacy.ladder_id:
        errors["criterion"] = "Choose a criterion of this candidacy's ladder."
    if submission is not None and submission.candidacy_id != candidacy.pk:
        errors["submission"] = "That feedback belongs to another candidacy."
    if not (text or "").strip():
        errors["text"] = "Say what is missing."
    if errors:
        raise ValidationError(errors)
    gap = Gap.objects.create(
        candidacy=candidacy,
        criterion=criterion,
        text=text.strip(),
        submission=submission,
        opened_by=by,
    )
    readiness_changed(candidacy.person_id)
    return gap


def gap_close(*, gap: Gap, by: User, note: str) -> Gap:
    """Close a gap with a note saying how it was closed. A closed gap stays on the case."""
    if not gap.is_open:
        raise ValidationError("This gap is already closed.")
    if not (note or "").strip():
        raise ValidationError({"note": "Say how the gap was closed."})
    gap.closed_at = timezone.now()
    gap.closed_note = note.strip()
    gap.save(update_fields=["closed_at", "closed_note"])
    readiness_changed(gap.candidacy.person_id)
    return gap
