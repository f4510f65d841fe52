"""Loading the facts for one person's readiness, in a constant number of queries.

Seven queries whatever the amount of evidence: the open candidacy (and, without one, the
target level), the criteria with the target level's expectations, every tag with its
artifact, the recorded check-ins, the overdue check-ins, and the open gaps; an eighth,
only when a criterion needs confirmation, reads the teams claimed and confirming
adoption. Mentor verdicts and the latest calls come from the reviews app's hook, which
promises a constant number of its own.
"""

from django.db.models import BooleanField, OuterRef, Subquery, Value
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.attestations.queries import adoption_confirmations
from promo.candidacies.queries import open_candidacy_for
from promo.candidacies.targets import next_level_for
from promo.models import Criterion, Expectation, Gap, ImpactCheckIn, Ladder
from promo.readiness.calendar import local_today
from promo.readiness.facts import CriterionFact, GapFact, Piece, Rule, TeamsOn
from promo.readiness.rule import readiness
from promo.readiness.verdicts import mentor_calls_for, mentor_verdicts_for


def _ladder_and_target(person, candidacy):
    if candidacy is not None:
        return candidacy.ladder, candidacy.target_level
    if person.ladder_id is None:
        return None, None
    target = next_level_for(person)  # with no open candidacy, as the caller found
    ladder = target.ladder if target is not None else Ladder.objects.get(pk=person.ladder_id)
    return ladder, target


def _criteria(ladder, target):
    expectation = Expectation.objects.filter(
        criterion_id=OuterRef("pk"), level_id=getattr(target, "pk", None)
    ).values("text")[:1]
    rows = (
        Criterion.objects.filter(ladder=ladder)
        .annotate(expectation=Subquery(expectation))
        .order_by("position", "id")
        .values_list(
            "id", "slug", "name", "expectation", "needs_confirmation", "min_confirming_teams"
        )
    )
    return [
        CriterionFact(i, s, n, e or "", needs_confirmation=c, min_confirming_teams=m)
        for i, s, n, e, c, m in rows
    ]


def _pieces(artifacts, ladder):
    rows = ArtifactTag.objects.filter(artifact__in=artifacts, criterion__ladder=ladder).values_list(
        "artifact_id",
        "criterion_id",
        "strength",
        "artifact__happened_on",
        "artifact__title",
        "artifact__shipped_on",
    )
    return [Piece(a, c, s, h, t, shipped) for a, c, s, h, t, shipped in rows]


def _recorded(artifacts, zone):
    recorded = {}
    rows = ImpactCheckIn.objects.recorded().filter(artifact__in=artifacts)
    for artifact_id, recorded_at in rows.values_list("artifact_id", "recorded_at"):
        recorded.setdefault(artifact_id, []).append(recorded_at.astimezone(zone).date())
    return recorded


def _overdue(artifacts, today):
    """{artifact_id: check-ins still pending after their day}. One closed as "impact can't be
    measured" is not pending (nor ever matured impact); a snoozed one is not overdue until
    it wakes, as on My team."""
    rows = (
        ImpactCheckIn.objects.live()
        .pending()
        .awake_on(today)
        .filter(artifact__in=artifacts, due_on__lt=today)
        .values_list("artifact_id", flat=True)
    )
    found = {}
    for artifact_id in rows:
        found[artifact_id] = found.get(artifact_id, 0) + 1
    return found


def _teams(artifacts, person, criteria):
    """{artifact_id: TeamsOn}: the teams the owner says adopted each artifact and the
    other teams that confirmed it, in one query; none at all when no criterion needs
    confirmation."""
    if not any(criterion.needs_confirmation for criterion in criteria):
        return {}
    claimed = (
        Artifact.teams_adopted.through.objects.filter(artifact_id__in=artifacts)
        .order_by()
        .annotate(confirmed=Value(False, output_field=BooleanField()))
        .values_list("artifact_id", "team_id", "confirmed")
    )
    confirming = (
        adoption_confirmations(artifacts, person)
        .annotate(confirmed=Value(True, output_field=BooleanField()))
        .values_list("artifact_id", "attester__team_id", "confirmed")
    )
    rows = claimed.union(confirming, all=True)
    found = {}
    for artifact_id, team_id, confirmed in rows:
        found.setdefault(artifact_id, (set(), set()))[confirmed].add(team_id)
    return {
        artifact_id: TeamsOn(frozenset(claimed), frozenset(confirming))
        for artifact_id, (claimed, confirming) in found.items()
    }


def _open_gaps(candidacy, zone):
    if candidacy is None:
        return []
    rows = Gap.objects.filter(candidacy=candidacy, closed_at__isnull=True).order_by(
        "created_at", "id"
    )
    return [
        GapFact(gap_id, criterion_id, text, created_at.astimezone(zone).date())
        for gap_id, criterion_id, text, created_at in rows.values_list(
            "id", "criterion_id", "text", "created_at"
        )
    ]


def readiness_for(person, *, artifacts=None, now=None, viewer=None):
    """The person's readiness for their open candidacy's target, or for the next level up
    when they have no candidacy. None when they are on no ladder.

    `artifacts` narrows the evidence considered, e.g. to what a viewer may see
    (evidence.access.artifacts_visible_to); drafts never count. Mentor verdicts are
    what `viewer` may read of them; without a viewer, only that verdicts exist. The rule
    weighs the latest calls `viewer` may read (without a viewer: those of rounds that
    include the manager).
    """
    candidacy = open_candidacy_for(person)
    ladder, target = _ladder_and_target(person, candidacy)
    if ladder is None:
        return None
    zone = person.zone
    if artifacts is None:
        artifacts = Artifact.objects.filter(owner_id=person.pk)
    artifacts = artifacts.filter(is_draft=False).values("pk")
    criteria = _criteria(ladder, target)
    ids = [c.id for c in criteria]
    today = local_today(now or timezone.now(), zone)
    return readiness(
        criteria,
        _pieces(artifacts, ladder),
        rule=Rule.for_ladder(ladder),
        today=today,
        recorded=_recorded(artifacts, zone),
        gaps=_open_gaps(candidacy, zone),
        verdicts=mentor_verdicts_for(candidacy, ids, viewer),
        calls=mentor_calls_for(candidacy, ids, zone, viewer),
        overdue=_overdue(artifacts, today),
        teams=_teams(artifacts, person, criteria),
        target_label=str(target) if target is not None else "",
        candidacy_id=getattr(candidacy, "pk", None),
        ladder_id=ladder.pk,
    )
