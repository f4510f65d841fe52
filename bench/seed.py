"""Data for the page benchmark, built fast with bulk inserts on top of the demo org.

`seed_demo` gives the realistic org (teams, mentors, cases, drafts, rounds, notifications).
The helpers here add what the demo lacks, in a handful of statements each:

- `seed_history`: weeks of weekly evidence for one person, each artifact tagged on 2 or 3
  criteria, all older than anything the demo made (so "this week" is unchanged);
- `seed_threads`: a review round grown to N threads with a reply each;
- `seed_people`: extra engineers under a manager (company scale), with evidence.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.models import Criterion, MentorAssignment, User
from reviews.models import Comment, Thread

KINDS = [kind for kind, _ in Artifact.Kind.choices]


def _criteria_for(person):
    return list(Criterion.objects.filter(ladder_id=person.ladder_id).order_by("pk"))


def _bulk_artifacts(owner, weeks, *, before):
    """One artifact a week for `weeks` weeks, ending the week before `before`, plus tags."""
    criteria = _criteria_for(owner)
    now = timezone.now()
    artifacts = Artifact.objects.bulk_create(
        Artifact(
            owner=owner,
            title=f"Week {week}: shipped a change worth telling",
            happened_on=before - timedelta(weeks=week + 1),
            kind=KINDS[week % len(KINDS)],
            body="What I did, for whom, and why it mattered. " * 4,
            impact="Fewer pages at night; the team ships on Fridays again.",
            shipped_on=before - timedelta(weeks=week + 1),
            visibility=Artifact.Visibility.MENTORS_AND_MANAGER,
            created_at=now,
            updated_at=now,
        )
        for week in range(weeks)
    )
    if criteria:
        ArtifactTag.objects.bulk_create(
            ArtifactTag(artifact=artifact, criterion=criteria[(i + k * 2) % len(criteria)])
            for i, artifact in enumerate(artifacts)
            for k in range(2 + i % 2)
        )
    return artifacts


@transaction.atomic
def seed_history(person, weeks):
    """`weeks` weeks of weekly evidence for `person`, before their oldest artifact."""
    oldest = Artifact.all_objects.filter(owner=person).order_by("happened_on").first()
    before = oldest.happened_on if oldest else timezone.localdate()
    return len(_bulk_artifacts(person, weeks, before=before))


@transaction.atomic
def seed_threads(review_round, count):
    """Grow `review_round` to `count` threads, each with one comment by its reviewer."""
    template = review_round.threads.order_by("pk").first()
    if template is None:
        raise SystemExit(f"round {review_round.pk} has no thread to copy")
    missing = count - review_round.threads.count()
    if missing <= 0:
        return 0
    threads = Thread.objects.bulk_create(
        Thread(
            round=review_round,
            opened_in_id=template.opened_in_id,
            opened_by_id=template.opened_by_id,
            kind=template.kind,
            section_key=template.section_key,
            quote=template.quote,
            quote_prefix=template.quote_prefix,
            start=template.start,
            end=template.end,
            original_section_title=template.original_section_title,
            original_context=template.original_context,
        )
        for _ in range(missing)
    )
    Comment.objects.bulk_create(
        Comment(
            thread=thread,
            author_id=template.opened_by_id,
            body=f"Point {i}: say **who** benefited and how you know.",
        )
        for i, thread in enumerate(threads)
    )
    return missing


@transaction.atomic
def seed_people(manager, count, *, weeks, mentor=None):
    """`count` engineers reporting to `manager`, each with `weeks` weeks of evidence."""
    start = User.objects.count()
    people = User.objects.bulk_create(
        User(
            email=f"bench{start + i}@promo.example",
            display_name=f"Bench Person {start + i}",
            manager=manager,
            team_id=manager.team_id,
            ladder_id=manager.ladder_id,
            level=None,
            password="!",  # unusable: nobody logs in as them
        )
        for i in range(count)
    )
    if mentor is not None:
        MentorAssignment.objects.bulk_create(
            MentorAssignment(mentor=mentor, mentee=person) for person in people
        )
    today = timezone.localdate()
    for person in people:
        _bulk_artifacts(person, weeks, before=today)
    return len(people)
