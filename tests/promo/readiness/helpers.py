"""Evidence builders for readiness tests: artifacts tagged against the default ladder."""

from datetime import UTC, date, datetime

from evidence.models import Artifact, ArtifactTag
from promo.models import Candidacy, Criterion, ImpactCheckIn


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def artifact(owner, happened_on, *, tags=None, shipped_on=None, **fields):
    """An artifact with `tags` = {criterion slug: strength}."""
    fields.setdefault("title", f"Work of {happened_on}")
    item = Artifact.objects.create(
        owner=owner, happened_on=happened_on, shipped_on=shipped_on, **fields
    )
    criteria = Criterion.objects.filter(ladder_id=owner.ladder_id, slug__in=list(tags or {}))
    ArtifactTag.objects.bulk_create(
        ArtifactTag(artifact=item, criterion=c, strength=tags[c.slug]) for c in criteria
    )
    return item


def record(checkin: ImpactCheckIn, on: date, text="Adopted by three teams"):
    checkin.outcome = text
    checkin.recorded_at = noon(on)
    checkin.save(update_fields=["outcome", "recorded_at"])
    return checkin


def candidacy(person, target_code="L6"):
    ladder = person.ladder
    return Candidacy.objects.create(
        person=person,
        ladder=ladder,
        from_level=person.level,
        target_level=ladder.levels.get(code=target_code),
    )
