"""Demo promo documents and review rounds in several states, built through the services.

Idempotent: a candidacy that already has a promo document is left alone. Runs after the
candidacy (and, when present, evidence) seeders, so drafts cite real demo evidence.
"""

from django.db import transaction

from evidence.models import Artifact
from promo.demo.steps import email_for
from promo.models import Candidacy, MentorAssignment, User
from reviews import services
from reviews.anchors import Anchor
from reviews.citations import marker
from reviews.models import PromoDocument
from reviews.sections import SUMMARY, WHATS_NEXT, criterion_id_from_key

SUMMARY_V1 = (
    "I own the payments ledger end to end. This year I led its migration to an event log, "
    "which cut settlement time from two days to minutes."
)
SUMMARY_V2 = (
    "I own the payments ledger end to end and shaped how three teams build on it. "
    "The migration to an event log cut settlement time from two days to minutes."
)
WHATS_NEXT_TEXT = "Grow the ledger into a platform other product lines adopt without our help."
# The auto-draft cites every tagged win; before sharing, an engineer keeps the strongest few.
CLAIMS_KEPT = 3


def _person(name):
    return User.objects.select_related("ladder", "level", "manager").get(email=email_for(name))


def _mentor(person):
    link = MentorAssignment.objects.filter(mentee=person).select_related("mentor").first()
    return link.mentor if link else None


def _strongest_claims(document):
    """Each criterion section cut to its first claims (the auto-draft puts the strongest first)."""
    return {
        section["key"]: "\n".join(section["body"].splitlines()[:CLAIMS_KEPT])
        for section in document.draft
        if criterion_id_from_key(section["key"]) is not None
    }


def _draft(person, summary):
    candidacy = Candidacy.objects.open_or_latest_for(person)
    if candidacy is None or PromoDocument.objects.filter(candidacy=candidacy).exists():
        return None
    document = services.document_autodraft(candidacy=candidacy, by=person)
    cited = Artifact.objects.filter(owner=person, is_draft=False).exclude(visibility="private")
    citations = " ".join(marker(a.pk) for a in cited[:2])
    bodies = {
        **_strongest_claims(document),
        SUMMARY: f"{summary} {citations}".strip(),
        WHATS_NEXT: WHATS_NEXT_TEXT,
    }
    return services.draft_save(
        document=document, bodies=bodies, base_version=document.draft_version, by=person
    )


def _share(document, person, *, manager=False):
    mentor = _mentor(person)
    return services.document_share_for_review(
        document=document, reviewers=[mentor], include_manager=manager, by=person
    )


def _discuss(review_round, person):
    mentor = _mentor(person)
    scope = services.thread_open(
        review_round=review_round,
        by=mentor,
        anchor=Anchor("passage", SUMMARY, quote="led its migration"),
        body=f"@{person.get_short_name()} who else shaped this? Name the teams.",
    )
    services.comment_add(thread=scope, by=person, body="Three teams; I'll name them.")
    better = services.thread_open(
        review_round=review_round,
        by=mentor,
        anchor=Anchor("section", WHATS_NEXT),
        body="How did you leave things better than you found them?",
    )
    services.thread_resolve(thread=better, by=person)
    return mentor


def _verdicts(review_round, reviewer, value, note=""):
    for criterion in review_round.document.candidacy.ladder.criteria.all():
        services.verdict_give(
            review_round=review_round,
            reviewer=reviewer,
            criterion=criterion,
            value=value,
            note=note,
        )


def _reviewed(document, person, verdict, note, *, manager=False):
    """Share `document` with a mentor (and the manager, if asked) who discusses it, gives
    `verdict` on every criterion and says their feedback is in; returns the round."""
    review_round = _share(document, person, manager=manager)
    mentor = _discuss(review_round, person)
    _verdicts(review_round, mentor, verdict, note)
    services.round_give_feedback(review_round=review_round, by=mentor)
    return review_round


def _two_rounds(person):
    """Round 1, shared with the manager too, closed with "not yet" (so My team weighs it);
    round 2 open with carried-over and outdated threads."""
    document = _draft(person, SUMMARY_V1)
    if document is None:
        return
    first = _reviewed(document, person, "not_yet", "Show influence beyond your team.", manager=True)
    services.round_close(review_round=first, by=person)
    document.refresh_from_db()
    services.draft_save(
        document=document,
        bodies={SUMMARY: SUMMARY_V2},
        base_version=document.draft_version,
        by=person,
    )
    _share(document, person, manager=True)


def _feedback_given(person):
    document = _draft(person, SUMMARY_V1)
    if document is None:
        return
    _reviewed(document, person, "next_level", "A clear case.")


def _open(person):
    document = _draft(person, SUMMARY_V1)
    if document is not None:
        _share(document, person)


def _draft_only(person):
    _draft(person, SUMMARY_V1)


SCENARIOS = {
    "Liam Chen": _two_rounds,
    "Sofia Rossi": _feedback_given,
    "Ava Patel": _open,
    "Noah Williams": _draft_only,
}


@transaction.atomic
def seed_reviews():
    """Promo docs: a draft only, a round open, feedback given, and two rounds with carry-over."""
    for name, build in SCENARIOS.items():
        person = _person(name)
        if _mentor(person) is not None:
            build(person)
