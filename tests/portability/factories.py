"""An engineer with one of everything an export carries, and a report of a manager with
private evidence of their own."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from evidence.models import ArtifactTag
from evidence.services import artifact_update
from promo.candidacies.models import Gap, Submission
from promo.models import ImpactCheckIn
from promo.readiness.checkins.services import checkin_record
from reviews import services
from reviews.anchors import Anchor
from reviews.sections import SUMMARY
from tests.evidence.factories import attached, saved_artifact
from tests.reviews.factories import candidacy_for


@dataclass
class Everything:
    shipped: object
    secret: object
    document: object
    review_round: object


def everything_of(world):
    """The owner's evidence (one shared, shipped, revised, tagged, attached and checked in;
    one private), a case with a promo doc shared for review, commented on by the mentor, who
    gave a verdict on one criterion."""
    criterion = world.owner.ladder.criteria.order_by("position").first()
    shipped = saved_artifact(
        world.owner,
        title="Ledger rewrite",
        happened_on=date(2026, 3, 10),
        shipped_on=date(2026, 3, 12),
        impact="Refunds settle in 2 s, not 2 days.",
        metric_before="2 days",
        metric_after="2 s",
        visibility="mentors_and_manager",
        collaborators=[world.other_engineer],
        teams_touched=[world.owner.team],
        links=[("Design", "https://example.com/design")],
    )
    data = {
        "title": "Ledger rewrite v2",
        "happened_on": date(2026, 3, 10),
        "shipped_on": date(2026, 3, 12),
        "impact": shipped.impact,
        "visibility": shipped.visibility,
        "kind": shipped.kind,
        "metric_before": "2 days",
        "metric_after": "2 s",
        "collaborators": [world.other_engineer],
        "teams_touched": [world.owner.team],
        "links": [("Design", "https://example.com/design")],
    }
    shipped = artifact_update(artifact=shipped, data=data, expected_version=1, by=world.owner)
    ArtifactTag.objects.create(
        artifact=shipped, criterion=criterion, strength="strong", rationale="Led it"
    )
    attached(shipped, "notes.txt", b"the ledger notes")
    checkin = ImpactCheckIn.objects.filter(artifact=shipped).order_by("offset_days").first()
    checkin_record(
        checkin=checkin,
        by=world.owner,
        outcome="Refund tickets fell by half.",
        expected_version=checkin.version,
        now=timezone.now() + timedelta(days=400),
    )
    secret = saved_artifact(
        world.owner, title="Quiet reorg help", happened_on=date(2026, 4, 2), visibility="private"
    )
    candidacy = candidacy_for(world.owner, mentors=[world.mentor])
    document = services.document_autodraft(candidacy=candidacy, by=world.owner)
    services.draft_save(
        document=document,
        bodies={SUMMARY: f"Led the ledger rewrite [evidence:{shipped.pk}]."},
        base_version=document.draft_version,
        by=world.owner,
    )
    review_round = services.document_share_for_review(
        document=document, reviewers=[world.mentor], include_manager=False, by=world.owner
    )
    thread = services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("section", SUMMARY),
        body="Say what the refunds were worth.",
    )
    services.comment_add(thread=thread, by=world.owner, body="Added the numbers.")
    services.verdict_give(
        review_round=review_round,
        reviewer=world.mentor,
        criterion=criterion,
        value="not_yet",
        note="Show the scope beyond your team.",
    )
    return Everything(shipped, secret, document, review_round)


def everything_with_an_outcome(world):
    """everything_of(world), whose case also has a decided submission and a gap."""
    everything = everything_of(world)
    candidacy = everything.document.candidacy
    submission = Submission.objects.create(
        candidacy=candidacy,
        submitted_on=date(2026, 6, 1),
        outcome="not_yet",
        decided_on=date(2026, 6, 20),
        decided_by=world.manager,
        feedback="Broaden the scope.",
    )
    Gap.objects.create(
        candidacy=candidacy,
        criterion=world.owner.ladder.criteria.order_by("position").last(),
        text="Lead a cross-team project",
        submission=submission,
        opened_by=world.manager,
    )
    return everything
