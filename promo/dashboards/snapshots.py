"""Computing and storing readiness snapshots for the manager audience.

Ready, Close and Building come from the readiness rule (promo/readiness/rule.py), with
the person's ladder's numbers. Dormant (labelled "Stale" on the dashboard): see is_dormant.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.models import (
    Candidacy,
    ImpactCheckIn,
    ReadinessMonth,
    ReadinessSnapshot,
    ReadinessStatus,
    User,
)
from promo.readiness.calendar import local_today, month_start, trailing_months
from promo.readiness.explain import impact_brief
from promo.readiness.facts import CLOSE, READY, STRONG_OR_BETTER
from promo.readiness.queries import readiness_for

DORMANT_AFTER_DAYS = 90
CLOSE_DEFINITION = (
    "Close means not ready yet, but every criterion is at least building and at most a few "
    "(two, unless the ladder says otherwise) are short."
)
STALE_DEFINITION = (
    f"Stale means no evidence shared with managers in the last {DORMANT_AFTER_DAYS} days."
)


def is_dormant(last_evidence_on, today):
    """Dormant: no evidence shared with managers in the last DORMANT_AFTER_DAYS days."""
    return last_evidence_on is None or (today - last_evidence_on) > timedelta(
        days=DORMANT_AFTER_DAYS
    )


def manager_audience_artifacts(person_id):
    """What every manager above the person may see: shared with managers, not drafts."""
    return Artifact.objects.filter(
        owner_id=person_id, visibility=Artifact.Visibility.MENTORS_AND_MANAGER, is_draft=False
    )


def status_of(result):
    if result is None:
        return ReadinessStatus.NO_LADDER
    if result.standing == READY:
        return ReadinessStatus.READY
    if result.standing == CLOSE:
        return ReadinessStatus.CLOSE
    return ReadinessStatus.BUILDING


def _forecast(forecast):
    if forecast is None:
        return {}
    return {
        "kind": forecast.kind,
        "month": forecast.month.isoformat() if forecast.month else "",
        "sentence": forecast.sentence,
        "levers": list(forecast.levers),
    }


def snapshot_cell(row, rule):
    """One criterion as My team shows it (a CriterionReadiness in plain JSON values): the
    cell promo.dashboards.marks draws and puts in words."""
    strong = set(row.strong_quarters)
    return {
        "name": row.criterion.name,
        "shown": row.shown,
        "state": row.state,
        "short": list(row.short),
        "quarters": [[str(q), q in strong] for q in row.quarters],
        "needed": rule.quarters_needed,
        "matured": row.impact.matured,
        "matured_needed": rule.matured_needed,
        "too_recent": row.impact.too_recent,
        "awaiting": row.impact.awaiting,
        "overdue": row.overdue_checkins,
        "mentor": row.mentor_call.label if row.mentor_call else "",
        "disagreement": row.disagreement,
        "forecast": _forecast(row.forecast),
        "consistency": f"{len(row.strong_quarters)}/{len(row.quarters)} quarters strong",
        "recency": f"latest {row.latest_on.isoformat()}" if row.latest_on else "no evidence",
        "impact": impact_brief(row.impact),
        "sentence": row.sentence,
        # Only for a criterion that needs other teams to confirm adoption.
        "adoption": str(row.adoption) if row.adoption else "",
        "confirmed": row.adoption.confirmed if row.adoption else 0,
        "confirming_needed": row.adoption.needed if row.adoption else 0,
        # Shared by every manager who opens My team, so computed without a viewer: at most
        # that a verdict exists (reviews.access), never who gave it or the note.
        "verdicts": [v.verdict for v in row.mentor_verdicts if v.hidden],
    }


def _strong_by_month(artifacts, months):
    rows = (
        ArtifactTag.objects.filter(
            artifact__in=artifacts.values("pk"),
            strength__in=STRONG_OR_BETTER,
            artifact__happened_on__gte=months[0],
        )
        .values_list("artifact_id", "artifact__happened_on")
        .distinct()
    )
    counts = dict.fromkeys(months, 0)
    for _artifact, happened_on in rows:
        month = month_start(happened_on)
        if month in counts:
            counts[month] += 1
    return [counts[month] for month in months]


def snapshot_values(person, *, now):
    """The snapshot's fields for `person` at `now` (nothing is written)."""
    today = local_today(now, person.zone)
    artifacts = manager_audience_artifacts(person.pk)
    result = readiness_for(person, artifacts=artifacts, now=now)
    months = trailing_months(today, 12)
    last = artifacts.filter(happened_on__lte=today).aggregate(last=Max("happened_on"))["last"]
    overdue = (
        ImpactCheckIn.objects.live()
        .pending()
        .awake_on(today)
        .filter(artifact__in=artifacts.values("pk"), due_on__lt=today)
        .count()
    )
    candidacy = (
        Candidacy.objects.filter(person_id=person.pk)
        .open_first()
        .values("status", "target_date")
        .first()
    ) or {}
    cells = [snapshot_cell(row, result.rule) for row in result.criteria] if result else []
    return {
        "computed_at": now,
        "status": status_of(result),
        "sentence": result.sentence if result else "Not on a ladder: readiness cannot be judged.",
        "target_label": result.target_label if result else "",
        "cells": cells,
        "shown_count": sum(1 for cell in cells if cell["shown"]),
        "open_gaps": [gap.text for gap in result.open_gaps] if result else [],
        "last_evidence_on": last,
        "is_stale": is_dormant(last, today),
        "overdue_checkins": overdue,
        "strong_by_month": _strong_by_month(artifacts, months),
        "months": [month.strftime("%Y-%m") for month in months],
        "candidacy_status": candidacy.get("status", ""),
        "target_date": candidacy.get("target_date"),
    }


def snapshot_refresh(*, person_id, now=None):
    """Recompute one person's snapshot and this month's history row. Idempotent; a person
    who no longer exists is skipped. Returns the snapshot or None."""
    now = now or timezone.now()
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        return None
    values = snapshot_values(person, now=now)
    month = month_start(local_today(now, person.zone))
    with transaction.atomic():
        snapshot, _ = ReadinessSnapshot.objects.update_or_create(person=person, defaults=values)
        ReadinessMonth.objects.update_or_create(
            person=person, month=month, defaults={"status": values["status"]}
        )
    return snapshot


def snapshots_refresh_all(*, now=None):
    """Every active person's snapshot (time passes: recency and "too recent" change).
    Returns how many were refreshed."""
    now = now or timezone.now()
    ids = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    for person_id in ids:
        snapshot_refresh(person_id=person_id, now=now)
    return len(ids)
