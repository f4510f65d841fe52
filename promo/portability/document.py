"""The personal export as one JSON-able document: everything that is the person's own.

Only rows the person owns are read: their profile, their evidence (private and drafts
included, since it is theirs, but not the trash), its check-ins, their candidacies with
gaps and outcomes, and their promo documents with every version, the comments made on
them and the verdicts their reviewers gave per criterion. Anyone else appears as name
and email only (portable.person_ref).
"""

import hashlib

from django.db.models import Prefetch
from django.utils import timezone

from evidence.models import Artifact, ArtifactRevision
from promo.models import Candidacy, ImpactCheckIn, Team, User
from promo.portability.portable import (
    ATTACHMENTS_DIR,
    FORMAT,
    VERSION,
    person_ref,
    portable_section_key,
    when,
)
from reviews.models import Comment, DocumentVersion, ReviewRound, Thread, Verdict

ARTIFACT_FIELDS = [
    "title",
    "kind",
    "happened_on",
    "shipped_on",
    "body",
    "impact",
    "metrics",
    "metric_before",
    "metric_after",
    "visibility",
    "is_draft",
    "version",
    "created_at",
    "updated_at",
]
CHECKIN_FIELDS = [
    "offset_days",
    "planned_from",
    "due_on",
    "outcome",
    "metric_before",
    "metric_after",
    "link",
    "recorded_at",
    "unmeasurable_at",
    "unmeasurable_reason",
    "snoozed_until",
    "created_at",
]


def attachment_member(attachment, content):
    """Where an attachment's bytes sit in the zip: named by their hash, so an export and
    the export of its import name them the same."""
    digest = hashlib.sha256(content).hexdigest()
    return f"{ATTACHMENTS_DIR}/{digest[:16]}/{attachment.original_name}", digest


def personal_document(person, *, files, now=None):
    """The export of `person`. `files` maps attachment ids to (zip member, sha256)."""
    slugs = {}
    evidence = evidence_entries(
        with_evidence_details(Artifact.objects.filter(owner=person)), files, slugs
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": when(now or timezone.now()),
        "person": _profile(person),
        "evidence": evidence,
        "candidacies": _candidacies(person, slugs),
    }


def _profile(person):
    person = User.objects.select_related("team", "manager", "ladder", "level").get(pk=person.pk)
    return {
        "name": person.display_name,
        "email": person.email,
        "time_zone": person.time_zone,
        "date_joined": when(person.date_joined),
        "team": person.team.name if person.team else None,
        "manager": person_ref(person.manager),
        "ladder": person.ladder.slug if person.ladder else None,
        "level": person.level.code if person.level else None,
        "mentors": [
            person_ref(link.mentor)
            for link in person.mentor_links.select_related("mentor").order_by("mentor__email")
        ],
    }


def with_evidence_details(artifacts):
    """`artifacts` (live ones only) with everything an export entry reads, in a fixed number
    of queries whatever their number."""
    return (
        artifacts.filter(deleted_at__isnull=True)
        .order_by("happened_on", "created_at", "title")
        .prefetch_related(
            "teams_touched",
            "teams_adopted",
            "collaborators",
            "links",
            "attachments",
            Prefetch("tags__criterion"),
            Prefetch(
                "revisions",
                ArtifactRevision.objects.select_related("edited_by").order_by("version"),
            ),
            Prefetch("checkins", ImpactCheckIn.objects.select_related("recorded_by")),
        )
    )


def evidence_entries(artifacts, files, slugs):
    """Export entries for `artifacts` (from with_evidence_details); records the slug of every
    criterion a tag names in `slugs`."""
    artifacts = list(artifacts)
    names = _snapshot_names(artifacts)
    result = []
    for artifact in artifacts:
        entry = {"id": artifact.pk} | {
            name: when(getattr(artifact, name)) for name in ARTIFACT_FIELDS
        }
        entry["teams_touched"] = sorted(team.name for team in artifact.teams_touched.all())
        entry["teams_adopted"] = sorted(team.name for team in artifact.teams_adopted.all())
        entry["collaborators"] = sorted(
            (person_ref(user) for user in artifact.collaborators.all()), key=lambda p: p["email"]
        )
        entry["links"] = [{"label": link.label, "url": link.url} for link in artifact.links.all()]
        entry["tags"] = []
        for tag in artifact.tags.all():
            slugs[tag.criterion_id] = tag.criterion.slug
            entry["tags"].append(
                {
                    "criterion": tag.criterion.slug,
                    "criterion_name": tag.criterion.name,
                    "strength": tag.strength,
                    "rationale": tag.rationale,
                    "created_at": when(tag.created_at),
                }
            )
        entry["revisions"] = [_revision(revision, names) for revision in artifact.revisions.all()]
        entry["attachments"] = [_attachment(a, files) for a in artifact.attachments.all()]
        entry["checkins"] = [_checkin(checkin) for checkin in artifact.checkins.all()]
        result.append(entry)
    return result


def _snapshot_names(artifacts):
    """Teams and people the revisions name by id, as {("teams"|"people", id): portable}."""
    team_ids, user_ids = set(), set()
    for artifact in artifacts:
        for revision in artifact.revisions.all():
            team_ids.update(revision.snapshot.get("teams_touched", []))
            team_ids.update(revision.snapshot.get("teams_adopted", []))
            user_ids.update(revision.snapshot.get("collaborators", []))
    names = {("teams", t.pk): t.name for t in Team.objects.filter(pk__in=team_ids)}
    names |= {("people", u.pk): person_ref(u) for u in User.objects.filter(pk__in=user_ids)}
    return names


def _revision(revision, names):
    snapshot = dict(revision.snapshot)
    for field in ("teams_touched", "teams_adopted"):
        ids = snapshot.get(field, [])
        snapshot[field] = sorted(names[("teams", i)] for i in ids if ("teams", i) in names)
    people = [names[("people", i)] for i in snapshot.get("collaborators", [])]
    snapshot["collaborators"] = sorted((p for p in people if p), key=lambda p: p["email"])
    return {
        "version": revision.version,
        "snapshot": snapshot,
        "edited_by": person_ref(revision.edited_by),
        "created_at": when(revision.created_at),
    }


def _attachment(attachment, files):
    member, digest = files.get(attachment.pk, (None, None))
    return {
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": digest,
        "file": member,
        "created_at": when(attachment.created_at),
    }


def _checkin(checkin):
    entry = {name: when(getattr(checkin, name)) for name in CHECKIN_FIELDS}
    entry["status"] = str(checkin.status)
    return entry


def _candidacies(person, slugs):
    candidacies = (
        Candidacy.objects.filter(person=person)
        .select_related("ladder", "from_level", "target_level", "promo_document")
        .prefetch_related("submissions__decided_by", "gaps__criterion", "gaps__opened_by")
        .order_by("created_at", "id")
    )
    result = []
    for candidacy in candidacies:
        for gap in candidacy.gaps.all():
            slugs[gap.criterion_id] = gap.criterion.slug
        slugs |= dict(candidacy.ladder.criteria.values_list("id", "slug"))
        result.append(candidacy_entry(candidacy) | {"document": _document(candidacy, slugs)})
    return result


def candidacy_entry(candidacy):
    """A case with its submissions (outcomes) and gaps, each gap naming the submission
    whose outcome raised it by its number (1 for the first); the caller prefetches them."""
    submissions = list(candidacy.submissions.all())
    numbers = {submission.pk: n for n, submission in enumerate(submissions, start=1)}
    return {
        "ladder": candidacy.ladder.slug,
        "from_level": candidacy.from_level.code,
        "target_level": candidacy.target_level.code,
        "target_date": when(candidacy.target_date),
        "status": candidacy.status,
        "created_at": when(candidacy.created_at),
        "submissions": [_submission(s) for s in submissions],
        "gaps": [_gap(gap, numbers) for gap in candidacy.gaps.all()],
    }


def _submission(submission):
    return {
        "submitted_on": when(submission.submitted_on),
        "outcome": submission.outcome,
        "decided_on": when(submission.decided_on),
        "decided_by": person_ref(submission.decided_by),
        "feedback": submission.feedback,
    }


def _gap(gap, numbers):
    return {
        "criterion": gap.criterion.slug,
        "submission": numbers.get(gap.submission_id),
        "text": gap.text,
        "opened_by": person_ref(gap.opened_by),
        "created_at": when(gap.created_at),
        "closed_at": when(gap.closed_at),
        "closed_note": gap.closed_note,
    }


def _sections(sections, slugs):
    return [{**s, "key": portable_section_key(s["key"], slugs)} for s in sections]


def _document(candidacy, slugs):
    document = getattr(candidacy, "promo_document", None)
    if document is None:
        return None
    versions = DocumentVersion.objects.filter(document=document).order_by("number")
    return {
        "draft": _sections(document.draft, slugs),
        "draft_saved_at": when(document.draft_saved_at),
        "created_at": when(document.created_at),
        "versions": [
            {
                "number": version.number,
                "sections": _sections(version.sections, slugs),
                "created_at": when(version.created_at),
            }
            for version in versions
        ],
        "rounds": _rounds(document, slugs),
    }


def _rounds(document, slugs):
    rounds = (
        ReviewRound.objects.filter(document=document)
        .select_related("version", "feedback_by")
        .prefetch_related(
            "reviewers",
            Prefetch(
                "threads",
                Thread.objects.select_related("opened_by", "resolved_by", "opened_in__version"),
            ),
            Prefetch(
                "threads__comments",
                Comment.objects.select_related("author").order_by("created_at", "id"),
            ),
            Prefetch("verdicts", Verdict.objects.select_related("reviewer", "criterion")),
        )
        .order_by("opened_at", "id")
    )
    return [
        {
            "version": review_round.version.number,
            "status": review_round.status,
            "includes_manager": review_round.includes_manager,
            "reviewers": sorted(
                (person_ref(u) for u in review_round.reviewers.all()), key=lambda p: p["email"]
            ),
            "opened_at": when(review_round.opened_at),
            "feedback_at": when(review_round.feedback_at),
            "feedback_by": person_ref(review_round.feedback_by),
            "closed_at": when(review_round.closed_at),
            "threads": [_thread(thread, slugs) for thread in review_round.threads.all()],
            "verdicts": _verdicts(review_round),
        }
        for review_round in rounds
    ]


def _verdicts(review_round):
    """Each reviewer's call per criterion in the round, ordered by criterion and reviewer."""
    verdicts = sorted(
        review_round.verdicts.all(), key=lambda v: (v.criterion.slug, v.reviewer.email)
    )
    return [
        {
            "criterion": verdict.criterion.slug,
            "reviewer": person_ref(verdict.reviewer),
            "value": verdict.value,
            "note": verdict.note,
            "given_at": when(verdict.given_at),
        }
        for verdict in verdicts
    ]


def _thread(thread, slugs):
    return {
        "kind": thread.kind,
        "opened_in_version": thread.opened_in.version.number,
        "opened_by": person_ref(thread.opened_by),
        "section_key": portable_section_key(thread.section_key, slugs),
        "quote": thread.quote,
        "quote_prefix": thread.quote_prefix,
        "start": thread.start,
        "end": thread.end,
        "evidence_id": thread.artifact_id,
        "original_section_title": thread.original_section_title,
        "original_context": thread.original_context,
        "outdated": thread.outdated,
        "resolved_at": when(thread.resolved_at),
        "resolved_by": person_ref(thread.resolved_by),
        "created_at": when(thread.created_at),
        "comments": [
            {
                "author": person_ref(comment.author),
                "body": comment.body,
                "created_at": when(comment.created_at),
            }
            for comment in thread.comments.all()
        ],
    }
