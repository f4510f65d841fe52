"""Review requested ("shared with you"): each reviewer of a round, when the engineer
shares a version of their promo doc with them.

Event-driven: reviews.services.document_share_for_review claims it (planner.claim_event)
in the same transaction as the round, through the same statement and preferences as the
periodic kinds, so it goes out as soon as the round commits. The period is the round:
claiming the same round again (a retried request) is a no-op, and each new version,
being a new round, asks again.
"""

from django.urls import reverse

from promo.nudges.kinds import Due, Message, NudgeKind
from promo.nudges.kinds.draft_waiting import ROUND_PERIOD, round_of
from promo.nudges.kinds.round_readers import may_read_round, members_condition
from reviews.models import ReviewRound

KEY = "review_requested"


def claim_sql(planning, *, round_id):
    """The round's members now (reviews.access: the chosen mentors who still mentor
    the engineer, and the engineer's manager now when included), never its engineer,
    while the round is not closed."""
    review_round = (
        ReviewRound.objects.select_related("document__candidacy").filter(pk=round_id).first()
    )
    if review_round is None:
        return Due(where="FALSE", params=[], period="''")
    member, member_params = members_condition(review_round)
    return Due(
        where=f"r.id = %s AND r.status <> %s AND u.id <> %s AND {member}",
        params=[
            round_id,
            ReviewRound.Status.CLOSED,
            review_round.document.candidacy.person_id,
            *member_params,
        ],
        period=ROUND_PERIOD,
        joins=f"CROSS JOIN {ReviewRound._meta.db_table} r",
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


REVIEW_REQUESTED = NudgeKind(
    key=KEY,
    label="Shared with you",
    description="When an engineer shares a version of their promo doc for you to review.",
    claim_sql=claim_sql,
    message=message,
    scheduled=False,
    may_deliver=may_read_round,
)
