"""The demo's Close case: the engineer preparing a case is a conversation away from it.

Random weekly evidence rarely lands one person at "every criterion building and at most
two short", and My team's Close filter should find someone on the demo team. This step
takes the engineer preparing a case, keeps (at most) two of their short criteria short,
and gives each other criterion the work that shows it: strong, shipped evidence in the
quarters it lacks, with the impact check-ins answered, and for a criterion that needs
confirmation, a colleague on another team confirming it. Idempotent: entries are matched by
title, and a criterion already shown gets nothing.
"""

from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.dashboards.snapshots import manager_audience_artifacts
from promo.demo.attestations import colleague_elsewhere, confirm_adoption
from promo.demo.steps import email_for
from promo.models import Criterion, ImpactCheckIn, User
from promo.readiness.calendar import local_today
from promo.readiness.checkins.services import checkins_plan_for
from promo.readiness.queries import readiness_for

CLOSE_CASE = "Noah Williams"
KEPT_SHORT = 2


def _day_in(quarter, today):
    """The middle of the quarter's middle month, or today for the quarter under way."""
    day = quarter.first_day + timedelta(days=45)
    return min(day, today)


def _shipped_work(person, criterion, day, index):
    title = f"Shipped {criterion.name.lower()} work ({day:%B %Y}, part {index})"
    artifact, created = Artifact.objects.get_or_create(
        owner=person,
        title=title,
        defaults={
            "happened_on": day,
            "shipped_on": day,
            "kind": Artifact.Kind.PROJECT,
            "visibility": Artifact.Visibility.MENTORS_AND_MANAGER,
            "body": f"Work that shows {criterion.name.lower()}, shipped and followed up.",
            "impact": "Two neighbouring teams adopted it within the quarter.",
        },
    )
    if created:
        ArtifactTag.objects.create(
            artifact=artifact,
            criterion=criterion,
            strength=ArtifactTag.Strength.STRONG,
            rationale=f"Shipped work that shows {criterion.name.lower()}",
        )
        checkins_plan_for(artifact)
    return artifact


def _answer_due(person, today):
    due = ImpactCheckIn.objects.due_for(person, today)
    for checkin in due:
        checkin.outcome = "Held up in production; the adopting teams kept it."
        checkin.recorded_at = datetime.combine(checkin.due_on, time(17), tzinfo=UTC)
        checkin.recorded_by_id = person.pk
        checkin.save(update_fields=["outcome", "recorded_at", "recorded_by"])


def _work_for(row, rule, today):
    """The days to log shipped work on so that `row` meets the rule."""
    missing = [q for q in reversed(row.quarters) if q not in row.strong_quarters]
    days = [
        _day_in(q, today)
        for q in missing[: max(rule.quarters_needed - len(row.strong_quarters), 0)]
    ]
    matured_short = max(rule.matured_needed - row.impact.matured, 0)
    days += [_day_in(row.quarters[0], today)] * matured_short
    return days


def _confirmed_elsewhere(person, criterion, today):
    """Work for a criterion that needs confirmation shows it once another team says so."""
    artifact = _shipped_work(person, criterion, today, 1)
    colleague = colleague_elsewhere(person)
    if colleague is not None:
        confirm_adoption(artifact, colleague)


@transaction.atomic
def seed_close_case():
    """Shape the Close case (module docstring). Runs after check-ins and reviews."""
    person = User.objects.filter(email=email_for(CLOSE_CASE)).first()
    if person is None:
        return 0
    now = timezone.now()
    today = local_today(now, person.zone)
    result = readiness_for(person, artifacts=manager_audience_artifacts(person.pk), now=now)
    if result is None:
        return 0
    short = [row for row in result.criteria if not row.shown]
    criteria = {c.pk: c for c in Criterion.objects.filter(ladder_id=result.ladder_id)}
    logged = 0
    for row in short[KEPT_SHORT:]:
        criterion = criteria[row.criterion.id]
        for index, day in enumerate(_work_for(row, result.rule, today), start=1):
            _shipped_work(person, criterion, day, index)
            logged += 1
        if row.adoption is not None and row.adoption.short:
            _confirmed_elsewhere(person, criterion, today)
    for row in short[:KEPT_SHORT]:
        if not row.strong_quarters:  # building, not "not started"
            _shipped_work(person, criteria[row.criterion.id], today, 1)
            logged += 1
    _answer_due(person, today)
    return logged
