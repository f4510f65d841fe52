"""Writes for promotion cycles: opening and moving a cycle, naming its committees,
requesting and nominating, voting and deciding. Releasing is in release.py.

Who may call each one is decided by promo.committees.access (and candidacies' access for
the manager who nominates) before the call; the state rules below hold whoever asks.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from promo.audit.services import audit_record
from promo.candidacies.services import candidacy_submit
from promo.committees.access import conflict_of
from promo.committees.packets import packet_for
from promo.models import AuditEntry, Candidacy, Committee, Cycle, Nomination, Vote

Status = Cycle.Status


def cycle_save(*, cycle: Cycle, by, levels) -> Cycle:
    """Create or change a cycle's details and the levels it covers; each level gets its
    committee. A level with nominations cannot be dropped."""
    levels = list(levels)
    if not levels:
        raise ValidationError({"levels": "Choose at least one level the cycle covers."})
    if cycle.status in (Status.RELEASED, Status.CLOSED):
        raise ValidationError("A cycle whose decisions are released is history; it stays.")
    with transaction.atomic():
        creating = cycle.pk is None
        if creating:
            cycle.created_by = by
        cycle.save()
        dropped = Committee.objects.filter(cycle=cycle).exclude(level__in=levels)
        if Nomination.objects.filter(committee__in=dropped).exists():
            raise ValidationError({"levels": "A level with nominations stays in the cycle."})
        dropped.delete()
        cycle.levels.set(levels)
        for level in levels:
            Committee.objects.get_or_create(cycle=cycle, level=level)
        audit_record(
            actor=by,
            action=AuditEntry.Action.CYCLE_CHANGED,
            target=cycle,
            detail=f"{'Opened' if creating else 'Changed'} {cycle.name}",
        )
    return cycle


def committee_set_members(*, committee: Committee, by, members) -> Committee:
    """Name the people who judge the committee's level in this cycle."""
    if committee.cycle.is_released:
        raise ValidationError("The cycle's decisions are released; its committees stay.")
    with transaction.atomic():
        committee.members.set(members)
        audit_record(
            actor=by,
            action=AuditEntry.Action.CYCLE_CHANGED,
            target=committee.cycle,
            detail=f"{committee.level.code} committee: {', '.join(map(str, members)) or 'nobody'}",
        )
    return committee


def cycle_advance(*, cycle: Cycle, by) -> Cycle:
    """Draft → nominations open → in review; released → closed. Releasing is
    cycle_release, which runs the calibration checks first."""
    moves = {Status.DRAFT: Status.NOMINATIONS, Status.NOMINATIONS: Status.REVIEW}
    moves[Status.RELEASED] = Status.CLOSED
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        target = moves.get(locked.status)
        if target is None:
            raise ValidationError("Release the decisions to move this cycle on.")
        if target == Status.REVIEW and _without_members(locked):
            raise ValidationError(
                f"Name the members of every committee first: {_without_members(locked)}."
            )
        cycle.status = target
        cycle.save(update_fields=["status"])
        audit_record(
            actor=by,
            action=AuditEntry.Action.CYCLE_CHANGED,
            target=cycle,
            detail=f"{cycle.name}: {cycle.get_status_display()}",
        )
    return cycle


def _without_members(cycle):
    rows = cycle.committees.filter(members__isnull=True).select_related("level")
    return ", ".join(committee.level.code for committee in rows)


def _committee_for(cycle, candidacy):
    committee = Committee.objects.filter(cycle=cycle, level_id=candidacy.target_level_id).first()
    if committee is None:
        raise ValidationError(f"{cycle.name} has no committee for {candidacy.target_level.code}.")
    return committee


def _refuse_late(cycle):
    if not cycle.takes_nominations:
        raise ValidationError(f"{cycle.name} is not taking nominations.")
    if timezone.localdate() > cycle.nomination_deadline:
        raise ValidationError(
            f"Nominations for {cycle.name} closed on {cycle.nomination_deadline:%d %b %Y}."
        )


def nomination_request(*, cycle: Cycle, candidacy: Candidacy, by) -> Nomination:
    """The engineer asks their manager to nominate them in `cycle`."""
    _refuse_late(cycle)
    if candidacy.status != Candidacy.Status.PREPARING:
        raise ValidationError("Only a case being prepared can be put forward.")
    committee = _committee_for(cycle, candidacy)
    nomination, created = Nomination.objects.get_or_create(
        cycle=cycle,
        candidacy=candidacy,
        defaults={"committee": committee, "requested_at": timezone.now()},
    )
    if not created:
        raise ValidationError(f"You are already in {cycle.name}.")
    return nomination


def nomination_create(
    *, cycle: Cycle, candidacy: Candidacy, by, endorsement: str, now=None
) -> Nomination:
    """A manager nominates a report (or endorses their request): the case goes to the
    committee of its target level, its submission is recorded, and its packet is frozen."""
    _refuse_late(cycle)
    if not (endorsement or "").strip():
        raise ValidationError({"endorsement": "Say why you endorse the case."})
    committee = _committee_for(cycle, candidacy)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            nomination = Nomination.objects.select_for_update().filter(
                cycle=cycle, candidacy=candidacy
            ).first() or Nomination(cycle=cycle, candidacy=candidacy, committee=committee)
            if nomination.is_nominated:
                raise ValidationError(f"{candidacy.person} is already nominated in {cycle.name}.")
            submission = candidacy_submit(candidacy=candidacy, by=by, submitted_on=now.date())
            nomination.submission = submission
            nomination.nominated_by = by
            nomination.nominated_at = now
            nomination.endorsement = endorsement.strip()
            nomination.packet = packet_for(
                candidacy, by=by, endorsement=nomination.endorsement, now=now
            )
            nomination.save()
            audit_record(
                actor=by,
                action=AuditEntry.Action.NOMINATED,
                subject=candidacy.person,
                target=nomination,
                detail=f"For {candidacy.target_level.code} in {cycle.name}",
            )
    except IntegrityError:
        raise ValidationError(f"{candidacy.person} is already in {cycle.name}.") from None
    return nomination


def _refuse_unless_judging(nomination, by):
    if not nomination.cycle.in_review:
        raise ValidationError("Votes and decisions are taken while the cycle is in review.")
    conflict = conflict_of(by, nomination.candidacy.person)
    if conflict:
        raise ValidationError(f"You are {conflict}: you may present the case, not judge it.")


def vote_cast(*, nomination: Nomination, member, criteria: dict, overall: str, note: str) -> Vote:
    """A member's vote (or their changed vote, until the committee decides)."""
    _refuse_unless_judging(nomination, member)
    if nomination.is_decided:
        raise ValidationError("The committee has decided; votes are closed.")
    if overall not in Vote.Overall.values:
        raise ValidationError({"overall": "Choose promote or not yet."})
    wrong = [key for key, value in criteria.items() if value not in Vote.Value.values]
    if wrong:
        raise ValidationError("Vote meets, not yet or not enough evidence on every criterion.")
    with transaction.atomic():
        vote, _ = Vote.objects.update_or_create(
            nomination=nomination,
            member=member,
            defaults={
                "criteria": {str(k): v for k, v in criteria.items()},
                "overall": overall,
                "note": note.strip(),
                "voted_at": timezone.now(),
            },
        )
        audit_record(
            actor=member,
            action=AuditEntry.Action.COMMITTEE_VOTED,
            subject=nomination.candidacy.person,
            target=nomination,
        )
    return vote


def nomination_decide(*, nomination: Nomination, by, decision: str, feedback: dict) -> Nomination:
    """The committee's decision. `feedback` is {criterion_id: what is missing}; on "not
    yet" it becomes the candidacy's gaps when the cycle is released. Hidden until then."""
    _refuse_unless_judging(nomination, by)
    if decision not in (Nomination.Decision.PROMOTE, Nomination.Decision.NOT_YET):
        raise ValidationError({"decision": "Choose promote or not yet."})
    kept = {str(k): v.strip() for k, v in feedback.items() if (v or "").strip()}
    with transaction.atomic():
        nomination.decision = decision
        nomination.feedback = kept if decision == Nomination.Decision.NOT_YET else {}
        nomination.decided_by = by
        nomination.decided_at = timezone.now()
        nomination.save(update_fields=["decision", "feedback", "decided_by", "decided_at"])
        audit_record(
            actor=by,
            action=AuditEntry.Action.COMMITTEE_DECIDED,
            subject=nomination.candidacy.person,
            target=nomination,
            detail=nomination.get_decision_display(),
        )
    return nomination
