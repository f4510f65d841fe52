"""Writes for promo documents and their review rounds. Views call these; nothing else
changes a document, a round, a thread or a verdict."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from evidence.access import can_view_artifact
from evidence.models import Artifact, ArtifactTag
from promo.audit.services import audit_record
from promo.candidacies.access import rights_over
from promo.models import AuditEntry, User
from promo.nudges.planner import claim_event
from promo.web.readiness_changed import readiness_changed
from reviews import anchors, drafting, outbox, sections
from reviews.access import is_round_reviewer, mentors_now, reviewers_now
from reviews.citations import cited_ids_in
from reviews.mentions import mentioned_members
from reviews.models import (
    Comment,
    DocumentVersion,
    ExportJob,
    PromoDocument,
    ReviewRound,
    Thread,
    Verdict,
)


class DraftConflict(Exception):
    """The draft changed since the editor loaded it; carries the newer document."""

    def __init__(self, document):
        super().__init__("The draft was saved elsewhere since you opened it.")
        self.document = document


def shareable_tags(candidacy):
    """Tags on the engineer's live, finished evidence that every intended reader of the
    draft may open: their mentors, and their manager when they have one now. Drafted text
    quotes titles and impact, so evidence only some readers may open is left out (the
    engineer can still cite it by hand, and sharing then warns them)."""
    visibility = Artifact.Visibility
    readable = [visibility.MENTORS_AND_MANAGER]
    if candidacy.person.manager_id is None:
        readable.append(visibility.MENTORS)
    return ArtifactTag.objects.filter(
        artifact__owner_id=candidacy.person_id,
        artifact__deleted_at__isnull=True,
        artifact__is_draft=False,
        artifact__visibility__in=readable,
        criterion__ladder_id=candidacy.ladder_id,
    ).select_related("artifact")


def document_autodraft(*, candidacy, by):
    """The candidacy's promo document, drafted from tagged evidence.

    A new document gets a full draft. On an existing one only empty sections are filled:
    the engineer's own writing is never replaced.
    """
    criteria = list(candidacy.ladder.criteria.all())
    composed = drafting.compose(criteria, list(shareable_tags(candidacy)))
    with transaction.atomic():
        document, created = PromoDocument.objects.select_for_update().get_or_create(
            candidacy=candidacy, defaults={"draft": composed}
        )
        if created:
            return document
        current = sections.bodies(document.draft)
        fill = {s["key"]: s["body"] for s in composed if not current.get(s["key"], "").strip()}
        merged = sections.with_bodies(
            composed, {**fill, **{k: v for k, v in current.items() if v.strip()}}
        )
        return _store_draft(document, merged, base_version=document.draft_version)


def draft_save(*, document, bodies, base_version, by):
    """Save the working draft. `base_version` is the counter the editor started from:
    if someone saved since, DraftConflict is raised and nothing is written."""
    if by.pk != document.owner_id:
        raise PermissionDenied("Only the engineer edits their promo document.")
    return _store_draft(document, sections.with_bodies(document.draft, bodies), base_version)


def _store_draft(document, new_sections, base_version):
    now = timezone.now()
    updated = PromoDocument.objects.filter(pk=document.pk, draft_version=base_version).update(
        draft=new_sections, draft_version=F("draft_version") + 1, draft_saved_at=now
    )
    if not updated:
        raise DraftConflict(PromoDocument.objects.get(pk=document.pk))
    document.draft, document.draft_saved_at = new_sections, now
    document.draft_version = base_version + 1
    return document


def eligible_reviewers(document):
    """Mentors who may review: the engineer's assigned mentors and the candidacy's mentors,
    now. The same people stay round members only while they remain so."""
    return mentors_now(document.candidacy)


def manager_of(document):
    """The engineer's manager now ("include my manager"), not the one when the case opened."""
    return User.objects.filter(reports=document.owner_id, is_active=True).first()


def unreadable_citations(document, readers):
    """[(artifact, [reader, ...])]: evidence the draft cites that some of `readers` cannot
    open, with who. Sharing warns about these; it does not refuse."""
    ids = cited_ids_in(document.draft)
    artifacts = Artifact.objects.filter(owner_id=document.owner_id, pk__in=ids).select_related(
        "owner"
    )
    found = []
    for artifact in sorted(artifacts, key=lambda a: ids.index(a.pk)):
        blind = [reader for reader in readers if not can_view_artifact(reader, artifact)]
        if blind:
            found.append((artifact, blind))
    return found


def document_share_for_review(*, document, reviewers, include_manager, by):
    """Freeze the draft as the next version and open a review round on it.

    Refused while a round is still open. Threads of the previous round carry over when
    their anchor still exists in the new version, and are marked outdated otherwise.
    Every reviewer is nudged that it was shared with them (a claim per reviewer and round
    in this transaction, delivered after commit).
    """
    if by.pk != document.owner_id:
        raise PermissionDenied("Only the engineer shares their promo document.")
    reviewers = list(reviewers)
    if not reviewers:
        raise ValidationError({"reviewers": "Choose at least one mentor."})
    eligible = set(eligible_reviewers(document).values_list("pk", flat=True))
    if any(r.pk not in eligible for r in reviewers):
        raise ValidationError({"reviewers": "Reviewers must be your mentors."})
    manager = manager_of(document) if include_manager else None
    if include_manager and manager is None:
        raise ValidationError({"include_manager": "You have no manager to include."})
    with transaction.atomic():
        document = PromoDocument.objects.select_for_update().get(pk=document.pk)
        if document.rounds.exclude(status=ReviewRound.Status.CLOSED).exists():
            raise ValidationError("A review round is still open: close it before sharing again.")
        if not any(s["body"].strip() for s in document.draft):
            raise ValidationError("The draft is empty: write something before sharing it.")
        previous = document.rounds.order_by("-opened_at", "-id").first()
        last = document.versions.order_by("-number").first()
        version = DocumentVersion.objects.create(
            document=document,
            number=(last.number + 1) if last else 1,
            sections=document.draft,
            created_by=by,
        )
        review_round = ReviewRound.objects.create(
            document=document, version=version, includes_manager=manager is not None
        )
        asked = reviewers + ([manager] if manager else [])
        # Only the chosen mentors are stored: the manager's place follows the org
        # (reviews.access), so a manager change moves it without touching rounds.
        review_round.reviewers.set(reviewers)
        if previous is not None:
            carry_over(previous=previous, into=review_round)
        claim_event("review_requested", recipients=[r.pk for r in asked], round_id=review_round.pk)
        names = ", ".join(str(r) for r in asked)
        audit_record(
            actor=by,
            action=AuditEntry.Action.SHARED,
            subject=document.owner,
            target=document,
            detail=f"Version {version.number} shared for review with {names}",
        )
    return review_round


def carry_over(*, previous, into):
    """Move every thread of `previous` into the round `into`, re-anchored in its version."""
    bodies = into.version.bodies
    threads = list(previous.threads.all())
    for thread in threads:
        found = anchors.relocate(thread.anchor, bodies)
        thread.round = into
        thread.outdated = found is None
        if found is not None:
            thread.place_at(found)
    Thread.objects.bulk_update(
        threads, ["round", "outdated", "section_key", "quote", "quote_prefix", "start", "end"]
    )


def _require_open(review_round):
    if review_round.is_closed:
        raise ValidationError("This review round is closed.")


def _require_member(review_round, user):
    if user.pk != review_round.document.owner_id and not is_round_reviewer(user, review_round):
        raise PermissionDenied("Only the engineer and the round's reviewers take part.")


def thread_open(*, review_round, by, anchor, body):
    """Start a thread on a section, a passage or a cited artifact of the round's version."""
    _require_open(review_round)
    _require_member(review_round, by)
    bodies = review_round.version.bodies
    try:
        anchor = anchors.validate(anchor, bodies)
    except anchors.AnchorError as error:
        raise ValidationError({"anchor": str(error)}) from error
    section_body = bodies[anchor.section_key]
    start, end = anchors.span_of(anchor, section_body)
    titles = {s["key"]: s["title"] for s in review_round.version.sections}
    with transaction.atomic():
        thread = Thread(
            round=review_round,
            opened_in=review_round,
            opened_by=by,
            kind=anchor.kind,
            artifact_id=anchor.artifact_id,
            original_section_title=titles[anchor.section_key],
            original_context=anchors.context_around(section_body, start, end),
        )
        thread.place_at(anchor)
        thread.save()
        comment_add(thread=thread, by=by, body=body)
    return thread


@transaction.atomic
def comment_add(*, thread, by, body):
    """Reply in a thread. @mentions of round members are recorded and nudge them, and the
    thread's author is nudged if the comment is not theirs (claims in this transaction,
    delivered after commit). Nobody is nudged twice for one comment, nor about their own."""
    review_round = thread.round
    _require_open(review_round)
    _require_member(review_round, by)
    if not body.strip():
        raise ValidationError({"body": "Write a comment."})
    comment = Comment.objects.create(thread=thread, author=by, body=body)
    members = [review_round.document.owner, *reviewers_now(review_round)]
    mentioned = [m.pk for m in mentioned_members(body, members)]
    comment.mentions.set(mentioned)
    # Mentions first: the reply nudge skips a thread author who was just claimed a mention.
    if any(pk != by.pk for pk in mentioned):
        claim_event("mention", recipients=mentioned, comment_id=comment.pk)
    if thread.opened_by_id != by.pk:
        claim_event("reply", recipients=[thread.opened_by_id], comment_id=comment.pk)
    return comment


def thread_resolve(*, thread, by):
    _require_open(thread.round)
    _require_member(thread.round, by)
    thread.resolved_at, thread.resolved_by = timezone.now(), by
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def thread_reopen(*, thread, by):
    _require_open(thread.round)
    _require_member(thread.round, by)
    thread.resolved_at = thread.resolved_by = None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def thread_link_gap(*, thread, gap, by):
    """Link a thread to a gap of the same candidacy: the committee feedback it came from.

    Allowed on closed rounds too, since the committee answers after the round. Only a
    round member who may work on the case's gaps links one."""
    _require_member(thread.round, by)
    if not rights_over(by, thread.round.document.candidacy).gaps:
        raise PermissionDenied("Only those who work on this case's gaps link them.")
    if gap.candidacy_id != thread.round.document.candidacy_id:
        raise ValidationError({"gap": "That gap belongs to another candidacy."})
    thread.gaps.add(gap)
    return thread


def verdict_give(*, review_round, reviewer, criterion, value, note=""):
    """Record (or change) a reviewer's verdict on one criterion in this round."""
    _require_open(review_round)
    if not is_round_reviewer(reviewer, review_round):
        raise PermissionDenied("Only the round's reviewers give verdicts.")
    if criterion.ladder_id != review_round.document.candidacy.ladder_id:
        raise ValidationError({"criterion": "That criterion is not on this ladder."})
    if value not in Verdict.Value.values:
        raise ValidationError({"value": "Choose a verdict."})
    verdict, _ = Verdict.objects.update_or_create(
        round=review_round,
        reviewer=reviewer,
        criterion=criterion,
        defaults={"value": value, "note": note.strip(), "given_at": timezone.now()},
    )
    readiness_changed(review_round.document.candidacy.person_id)
    return verdict


@transaction.atomic
def verdicts_give(*, review_round, reviewer, chosen):
    """Record a reviewer's verdicts, given as (criterion, value, note), all or none: one
    refused verdict leaves the round as it was before the form was sent."""
    return [
        verdict_give(
            review_round=review_round,
            reviewer=reviewer,
            criterion=criterion,
            value=value,
            note=note,
        )
        for criterion, value, note in chosen
    ]


def round_give_feedback(*, review_round, by):
    """A reviewer tells the engineer the feedback is in."""
    if not is_round_reviewer(by, review_round):
        raise PermissionDenied("Only the round's reviewers give feedback.")
    if not review_round.awaits_feedback:
        raise ValidationError("Feedback has already been given on this round.")
    review_round.status = ReviewRound.Status.FEEDBACK_GIVEN
    review_round.feedback_at, review_round.feedback_by = timezone.now(), by
    review_round.save(update_fields=["status", "feedback_at", "feedback_by"])
    return review_round


def round_close(*, review_round, by):
    """The engineer closes the round, which lets them share the next version."""
    if by.pk != review_round.document.owner_id:
        raise PermissionDenied("Only the engineer closes a round on their document.")
    _require_open(review_round)
    review_round.status = ReviewRound.Status.CLOSED
    review_round.closed_at = timezone.now()
    review_round.save(update_fields=["status", "closed_at"])
    return review_round


def version_export_request(*, version, by):
    """Queue a PDF of `version` for `by`; a worker renders it after the commit. If the
    broker refuses, the job waits for the relay (reviews.outbox) instead of the request."""
    job = ExportJob.objects.create(version=version, requested_by=by, enqueued_at=timezone.now())
    transaction.on_commit(lambda: outbox.publish_exports([job.pk]))
    return job
