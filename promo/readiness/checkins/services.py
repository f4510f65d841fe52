"""Planning and recording impact check-ins.

Planning is idempotent and set-based: whatever the state of the rows, running it again
converges on one check-in per (artifact, offset) of the owner's ladder, due at
shipped_on + offset. Pending check-ins follow the artifact when it is re-dated, loses its
shipped-on date or goes to the trash; recorded check-ins are history and never move.
"""

from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Value, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from evidence.models import Artifact
from promo.ladders.thresholds import checkin_offsets_or_default
from promo.models import ImpactCheckIn, User
from promo.readiness.calendar import local_today
from promo.web.readiness_changed import readiness_changed

BATCH = 2000


def checkins_plan_for(artifact: Artifact) -> None:
    """Re-plan one artifact's check-ins. The evidence app calls this after every write
    that can change `shipped_on` or liveness: create, edit, trash and restore."""
    checkins_plan(artifact_ids=[artifact.pk])


def checkins_plan(*, artifact_ids) -> None:
    """Plan the check-ins of these artifacts in a constant number of queries per batch."""
    artifact_ids = list(artifact_ids)
    for start in range(0, len(artifact_ids), BATCH):
        _plan_batch(artifact_ids[start : start + BATCH])


def _desired(rows):
    """{artifact_id: {offset: (shipped_on, due_on)}} for live, shipped artifacts."""
    desired = {}
    for artifact_id, shipped_on, deleted_at, offsets in rows:
        plan = {}
        if shipped_on is not None and deleted_at is None:
            for offset in checkin_offsets_or_default(offsets):
                plan[offset] = (shipped_on, shipped_on + timedelta(days=offset))
        desired[artifact_id] = plan
    return desired


def _plan_batch(ids):
    rows = Artifact.all_objects.filter(pk__in=ids).values_list(
        "id", "shipped_on", "deleted_at", "owner__ladder__checkin_offsets_days"
    )
    desired = _desired(rows)
    existing = defaultdict(dict)
    for checkin in ImpactCheckIn.objects.filter(artifact_id__in=desired):
        existing[checkin.artifact_id][checkin.offset_days] = checkin
    unplanned, moved, new = [], [], []  # unplanned: the plan no longer has its offset
    for artifact_id, plan in desired.items():
        have = existing[artifact_id]
        for offset, checkin in have.items():
            if not checkin.is_pending:
                continue
            if offset not in plan:
                unplanned.append(checkin)
            elif checkin.planned_from != plan[offset][0]:
                checkin.planned_from, checkin.due_on = plan[offset]
                moved.append(checkin)
        for offset, (shipped_on, due_on) in plan.items():
            if offset not in have:
                new.append(
                    ImpactCheckIn(
                        artifact_id=artifact_id,
                        offset_days=offset,
                        planned_from=shipped_on,
                        due_on=due_on,
                    )
                )
    with transaction.atomic():
        if unplanned:
            unplanned_ids = [checkin.pk for checkin in unplanned]
            ImpactCheckIn.objects.filter(pk__in=unplanned_ids).pending().delete()
        if moved:
            ImpactCheckIn.objects.bulk_update(moved, ["planned_from", "due_on"])
        if new:
            # A concurrent planner may have inserted the same (artifact, offset): fine.
            ImpactCheckIn.objects.bulk_create(new, ignore_conflicts=True)
        _owners_changed({checkin.artifact_id for checkin in unplanned + moved + new})


def _owners_changed(artifact_ids):
    # Planned check-ins count as overdue on the dashboards; say whose changed.
    if artifact_ids:
        owners = Artifact.all_objects.filter(pk__in=artifact_ids).values_list("owner_id", flat=True)
        readiness_changed(*set(owners))


def artifacts_needing_plan():
    """Ids of artifacts whose check-ins are missing or out of date, found in one query."""
    checkins = ImpactCheckIn.objects.filter(artifact_id=OuterRef("pk"))
    pending = checkins.pending()
    live_shipped = Q(deleted_at__isnull=True, shipped_on__isnull=False)
    return Artifact.all_objects.filter(
        (live_shipped & ~Exists(checkins))
        | (live_shipped & Exists(pending.exclude(planned_from=OuterRef("shipped_on"))))
        | (~live_shipped & Exists(pending))
    ).values_list("pk", flat=True)


def checkins_plan_all(*, everything: bool = False) -> int:
    """The periodic pass: plan every artifact that needs it (or, with everything=True,
    every shipped artifact, e.g. after a ladder's offsets changed). Returns how many
    artifacts were looked at."""
    if everything:
        pending = ImpactCheckIn.objects.filter(artifact_id=OuterRef("pk")).pending()
        ids = list(
            Artifact.all_objects.filter(Q(shipped_on__isnull=False) | Exists(pending)).values_list(
                "pk", flat=True
            )
        )
    else:
        ids = list(artifacts_needing_plan())
    checkins_plan(artifact_ids=ids)
    return len(ids)


class CheckInConflict(Exception):
    """Someone recorded the check-in after the form was opened; carries it as it now stands."""

    def __init__(self, current: ImpactCheckIn):
        self.current = current
        super().__init__(f"Check-in {current.pk} is at version {current.version}.")


def checkin_record(
    *,
    checkin: ImpactCheckIn,
    by: User,
    outcome: str,
    expected_version: int,
    metric_before: str = "",
    metric_after: str = "",
    link: str = "",
    now=None,
) -> ImpactCheckIn:
    """Record what happened after the work shipped, if nobody recorded it since
    `expected_version`. Refused before the check-in is due: impact written on launch day is
    a forecast, not an outcome. Recording again edits the text and keeps the first
    recording time; recording one marked unmeasurable replaces that mark.

    The version check and bump are one UPDATE, so of two tabs submitting the same version
    exactly one wins; the other gets CheckInConflict and loses nothing it typed.
    """
    now = now or timezone.now()
    today = local_today(now, checkin.artifact.owner.zone)
    if checkin.due_on > today:
        raise ValidationError(
            f"This check-in opens on {checkin.due_on:%Y-%m-%d}, "
            f"{checkin.offset_days} days after the work shipped."
        )
    if not outcome.strip():
        raise ValidationError({"outcome": "Say what actually happened since it shipped."})
    updated = ImpactCheckIn.objects.filter(pk=checkin.pk, version=expected_version).update(
        outcome=outcome.strip(),
        metric_before=metric_before.strip(),
        metric_after=metric_after.strip(),
        link=link.strip(),
        recorded_by=by,
        recorded_at=Coalesce(F("recorded_at"), Value(now)),
        unmeasurable_at=None,
        unmeasurable_reason="",
        snoozed_until=None,
        version=F("version") + 1,
    )
    current = ImpactCheckIn.objects.select_related("artifact__owner", "recorded_by").get(
        pk=checkin.pk
    )
    if not updated:
        raise CheckInConflict(current)
    readiness_changed(current.artifact.owner_id)
    return current


def checkins_due_for(person, *, now=None):
    """The person's pending check-ins whose day has come (for My case and "This week")."""
    today = local_today(now or timezone.now(), person.zone)
    return ImpactCheckIn.objects.due_for(person, today)


DUE_SHOWN = 5


def checkins_due_shown(person, *, now=None):
    """The context of templates/promo/checkins/_due.html: the first DUE_SHOWN of the
    person's due check-ins, oldest first, and how many are due, in one query (a window
    count), so a long backlog costs the pages that list five no more than a short one."""
    first = list(
        checkins_due_for(person, now=now).annotate(due_total=Window(Count("pk")))[:DUE_SHOWN]
    )
    return {"due_checkins": first, "due_count": first[0].due_total if first else 0}


SNOOZE_MAX_DAYS = 180


def _refuse_unless_pending(checkin, today):
    if not checkin.is_pending:
        raise ValidationError("This check-in is closed already: reload the page.")
    if checkin.due_on > today:
        raise ValidationError(f"This check-in opens on {checkin.due_on:%Y-%m-%d}.")


def _close_if_version(checkin, expected_version, **fields):
    """One UPDATE guarded by the version, as checkin_record does."""
    updated = ImpactCheckIn.objects.filter(
        pk=checkin.pk, version=expected_version, recorded_at=None, unmeasurable_at=None
    ).update(version=F("version") + 1, **fields)
    if not updated:
        raise CheckInConflict(ImpactCheckIn.objects.select_related("artifact").get(pk=checkin.pk))


def checkin_snooze(*, checkin: ImpactCheckIn, by: User, until, expected_version: int, now=None):
    """Put a due check-in off until `until` (after today, at most SNOOZE_MAX_DAYS away):
    it is neither listed as due, counted overdue nor nudged before that day."""
    now = now or timezone.now()
    today = local_today(now, checkin.artifact.owner.zone)
    _refuse_unless_pending(checkin, today)
    if until <= today:
        raise ValidationError({"snooze_until": "Choose a day after today."})
    if until > today + timedelta(days=SNOOZE_MAX_DAYS):
        raise ValidationError(
            {"snooze_until": f"Snooze for at most {SNOOZE_MAX_DAYS} days; close it instead."}
        )
    _close_if_version(checkin, expected_version, snoozed_until=until)
    readiness_changed(checkin.artifact.owner_id)


def checkin_mark_unmeasurable(
    *, checkin: ImpactCheckIn, by: User, reason: str, expected_version: int, now=None
):
    """Close a due check-in as "impact can't be measured", with the owner's reason. It
    leaves the backlog but never counts as matured impact (ImpactCheckIn.status)."""
    now = now or timezone.now()
    _refuse_unless_pending(checkin, local_today(now, checkin.artifact.owner.zone))
    if not reason.strip():
        raise ValidationError({"unmeasurable_reason": "Say why its impact can't be measured."})
    _close_if_version(
        checkin,
        expected_version,
        unmeasurable_at=now,
        unmeasurable_reason=reason.strip(),
        recorded_by=by,
        snoozed_until=None,
    )
    readiness_changed(checkin.artifact.owner_id)


class BacklogErrors(Exception):
    """Some answers in a backlog form were refused: {check-in id: ValidationError}, and the
    current version of any check-in that changed meanwhile. Nothing was saved."""

    def __init__(self, errors, current_versions):
        self.errors = errors
        self.current_versions = current_versions
        super().__init__(f"{len(errors)} check-ins refused.")


def checkins_resolve(*, by: User, changes, now=None) -> dict:
    """Apply several check-in answers from one form, all or nothing.

    `changes` is a list of (check-in, action, fields) where action is "record" (fields:
    outcome, metric_before, metric_after, link), "snooze" (snooze_until) or "unmeasurable"
    (unmeasurable_reason), and fields hold the form's `version`. Raises BacklogErrors with
    every refusal, after rolling everything back. Returns how many of each were done.
    """
    now = now or timezone.now()
    done = {"record": 0, "snooze": 0, "unmeasurable": 0}
    errors, current = {}, {}
    with transaction.atomic():
        for checkin, action, fields in changes:
            version = fields["version"]
            try:
                with transaction.atomic():
                    _resolve_one(checkin, action, fields, version, by, now)
                done[action] += 1
            except ValidationError as error:
                errors[checkin.pk] = error
            except CheckInConflict as conflict:
                current[checkin.pk] = conflict.current.version
                errors[checkin.pk] = ValidationError(_conflict_message(conflict.current))
        if errors:
            transaction.set_rollback(True)
            raise BacklogErrors(errors, current)
    return done


def _conflict_message(current):
    if current.is_pending:
        return "This check-in changed in another tab. Save again to keep what you typed here."
    return (
        "This check-in was answered in another tab. Save again to replace that answer "
        "with what you typed here."
    )


def _resolve_one(checkin, action, fields, version, by, now):
    if action == "record":
        checkin_record(
            checkin=checkin,
            by=by,
            expected_version=version,
            now=now,
            outcome=fields["outcome"],
            metric_before=fields.get("metric_before", ""),
            metric_after=fields.get("metric_after", ""),
            link=fields.get("link", ""),
        )
    elif action == "snooze":
        checkin_snooze(
            checkin=checkin, by=by, until=fields["snooze_until"], expected_version=version, now=now
        )
    else:
        checkin_mark_unmeasurable(
            checkin=checkin,
            by=by,
            reason=fields["unmeasurable_reason"],
            expected_version=version,
            now=now,
        )
