"""Who may read what a review nudge quotes: the round's members now (reviews.access).

Checked twice: when the nudge is claimed (a condition of the claiming statement) and
again when it is delivered, because a new round or a change in the organisation may
have taken the round away from the recipient in between.
"""

from reviews.access import can_read_round, can_read_thread, reviewers_now


def members_condition(review_round):
    """(SQL, params): the planner's person `u` is a member of the round now."""
    ids = [
        review_round.document.owner_id,
        *reviewers_now(review_round).values_list("pk", flat=True),
    ]
    return f"u.id IN ({', '.join(['%s'] * len(ids))})", ids


def may_read_comment(claim):
    """Delivery check of a comment-quoting claim (mention, reply)."""
    from promo.nudges.kinds.mention import comment_of

    comment = comment_of(claim)
    return comment is None or can_read_thread(claim.person, comment.thread_id)


def may_read_round(claim):
    """Delivery check of a round-driven claim (review requested, draft waiting)."""
    from promo.nudges.kinds.draft_waiting import round_of

    review_round = round_of(claim)
    return review_round is None or can_read_round(claim.person, review_round)
