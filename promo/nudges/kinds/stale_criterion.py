"""The "stale criterion" nudge: an engineer with an open candidacy, one of whose target
level's criteria is untended. At most once a (local ISO) week.

Untended criterion: no evidence tagged to it in the last N weeks (the WEEKS threshold).
Not the dashboard's "stale" person (promo.dashboards.snapshots.is_dormant)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.models import Candidacy, Criterion, Expectation
from promo.nudges.kinds import Due, Message, NudgeKind, Threshold

KEY = "stale_criterion"
WEEKS = f"{KEY}.weeks"
HOUR = f"{KEY}.local_hour"
QUIET_WEEKS = Threshold(WEEKS, 4, "Stale criterion: weeks without new evidence", minimum=1)

# Recent evidence for a criterion: a tag on a live, finished artifact of the person's,
# made since the cutoff.
RECENT_TAG_SQL = f"""
    SELECT 1 FROM {ArtifactTag._meta.db_table} t
    JOIN {Artifact._meta.db_table} a ON a.id = t.artifact_id
    WHERE t.criterion_id = e.criterion_id AND a.owner_id = u.id
      AND a.deleted_at IS NULL AND NOT a.is_draft AND t.created_at >= %s
"""  # noqa: S608 - names come from model _meta; every value is a parameter


def claim_sql(planning):
    """People whose open candidacy is at least N weeks old and whose target level has a
    criterion with no evidence tagged in the last N weeks, once their local hour has come.
    The period is their local ISO week."""
    cutoff = planning.dt(planning.now - timedelta(weeks=planning.thresholds[WEEKS]))
    where = f"""
        z.local_hour >= %s
        AND EXISTS (
            SELECT 1 FROM {Candidacy._meta.db_table} c
            JOIN {Expectation._meta.db_table} e ON e.level_id = c.target_level_id
            WHERE c.person_id = u.id AND c.status IN (%s, %s) AND c.created_at <= %s
              AND NOT EXISTS ({RECENT_TAG_SQL}))
    """  # noqa: S608 - names come from model _meta; every value is a parameter
    params = [planning.thresholds[HOUR], *Candidacy.OPEN_STATUSES, cutoff, cutoff]
    return Due(
        where=where,
        params=params,
        period="z.week",
        claimed_since=planning.week_claims_since,
    )


def untended_criteria(person, *, weeks, now=None):
    """Untended criteria: those of the person's open candidacy's target level with no
    evidence tagged in the last `weeks` weeks (empty without an open candidacy)."""
    cutoff = (now or timezone.now()) - timedelta(weeks=weeks)
    candidacy = Candidacy.objects.open_for(person)
    if candidacy is None:
        return Criterion.objects.none()
    recent_tags = ArtifactTag.objects.filter(
        criterion_id=OuterRef("pk"),
        artifact__owner_id=person.pk,
        artifact__deleted_at__isnull=True,
        artifact__is_draft=False,
        created_at__gte=cutoff,
    )
    return Criterion.objects.filter(expectations__level_id=candidacy.target_level_id).exclude(
        Exists(recent_tags)
    )


def message(claim):
    weeks = QUIET_WEEKS.current()
    return Message(
        title="A criterion of your case has gone quiet",
        path=reverse("readiness"),
        template="nudges/stale_criterion",
        context={"criteria": list(untended_criteria(claim.person, weeks=weeks)), "weeks": weeks},
    )


STALE_CRITERION = NudgeKind(
    key=KEY,
    label="Stale criterion",
    description="When a criterion of your next level has had no new evidence for weeks.",
    claim_sql=claim_sql,
    message=message,
    frequencies=("weekly", "fortnightly"),
    thresholds=(
        QUIET_WEEKS,
        Threshold(HOUR, 9, "Stale criterion: earliest local hour (0–23)", maximum=23),
    ),
)
