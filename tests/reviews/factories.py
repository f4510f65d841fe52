"""Data for the reviews tests: a candidacy with tagged evidence, and documents in review."""

from datetime import date, timedelta

from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.models import Candidacy, MentorAssignment
from reviews import services
from reviews.anchors import Anchor


def candidacy_for(person, mentors=()):
    """A case for `person`; `mentors` are assigned to them (a case names no mentors itself)."""
    candidacy = Candidacy.objects.create(
        person=person,
        ladder=person.ladder,
        from_level=person.level,
        target_level=person.level.next_level(),
    )
    for mentor in mentors:
        MentorAssignment.objects.get_or_create(mentor=mentor, mentee=person)
    return candidacy


def artifact(
    owner,
    title,
    *,
    tags=(),
    visibility="mentors_and_manager",
    impact="It mattered.",
    happened_on=None,
    shipped_on=None,
    is_draft=False,
):
    """An artifact with `tags` given as (criterion, strength) pairs."""
    made = Artifact.objects.create(
        owner=owner,
        title=title,
        visibility=visibility,
        impact=impact,
        happened_on=happened_on or date(2026, 3, 10),
        shipped_on=shipped_on,
        is_draft=is_draft,
    )
    for criterion, strength in tags:
        ArtifactTag.objects.create(artifact=made, criterion=criterion, strength=strength)
    return made


def criteria_of(person):
    return list(person.ladder.criteria.all())


def drafted_document(world, *, evidence=True):
    """The owner's candidacy and a drafted promo document citing one artifact per criterion."""
    candidacy = candidacy_for(world.owner)
    if evidence:
        for criterion in criteria_of(world.owner):
            artifact(world.owner, f"Work on {criterion.slug}", tags=[(criterion, "strong")])
    return services.document_autodraft(candidacy=candidacy, by=world.owner)


def shared_round(world, *, include_manager=False, document=None):
    document = document or drafted_document(world)
    return services.document_share_for_review(
        document=document,
        reviewers=[world.mentor],
        include_manager=include_manager,
        by=world.owner,
    )


def open_threads(review_round, author, count):
    """`count` section threads with one comment each."""
    key = review_round.version.sections[0]["key"]
    return [
        services.thread_open(
            review_round=review_round, by=author, anchor=Anchor("section", key), body=f"Point {n}"
        )
        for n in range(count)
    ]


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)
