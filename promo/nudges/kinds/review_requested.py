"""Review requested ("shared with you"): each reviewer of a round, when the engineer
shares a version of their promo doc with them.

Event-driven: reviews.services.document_share_for_review claims it (planner.claim_event)
in the same transaction as the round, through the same statement and preferences as the
periodic kinds, so it goes out as soon as the round commits. The period is the round:
claiming the same round again (a retried request) is a no-op, and each new version,
being a new round, asks again.
"""

from django.urls import reverse

from promo.models import Candidacy
from promo.nudges.kinds.draft_waiting import ROUND_PERIOD, round_of
from promo.nudges.registry import Due, Message, NudgeKind, register
from reviews.models import PromoDocument, ReviewRound

KEY = "review_requested"


def claim_sql(planning, *, round_id):
    """The round's reviewers, never its engineer, while the round is not closed. Being a
    reviewer of the round is what lets someone open it (promo.access.reviews)."""
    reviewers = ReviewRound._meta.get_field("reviewers")
    through = reviewers.remote_field.through._meta.db_table
    joins = f"""
        JOIN {through} rr ON rr.{reviewers.m2m_reverse_name()} = u.id
        JOIN {ReviewRound._meta.db_table} r ON r.id = rr.{reviewers.m2m_column_name()}
        JOIN {PromoDocument._meta.db_table} d ON d.id = r.document_id
        JOIN {Candidacy._meta.db_table} ca ON ca.id = d.candidacy_id
    """  # noqa: S608 - names come from model _meta
    return Due(
        where="r.id = %s AND r.status <> %s AND u.id <> ca.person_id",
        params=[round_id, ReviewRound.Status.CLOSED],
        period=ROUND_PERIOD,
        joins=joins,
    )


def message(claim):
    review_round = round_of(claim)
    if review_round is None:  # the document was deleted since
        return Message(
            title="A promo doc was shared with you",
            path=reverse("reviews_shared"),
            template="nudges/review_requested",
        )
    author = review_round.document.owner
    return Message(
        title=f"{author} shared their promo doc with you",
        path=reverse("reviews_round", args=[review_round.pk]),
        template="nudges/review_requested",
        context={"round": review_round, "author": author},
    )


REVIEW_REQUESTED = register(
    NudgeKind(
        key=KEY,
        label="Shared with you",
        description="When an engineer shares a version of their promo doc for you to review.",
        claim_sql=claim_sql,
        message=message,
        scheduled=False,
    )
)
