"""Who may read what a review nudge quotes: the round's members now (reviews.access).

Checked twice: when the nudge is claimed (a condition of the claiming statement) and
again when it is delivered, because a new round or a change in the organisation may
have taken the round away from the recipient in between.
"""

from promo.models import Candidacy, MentorAssignment, User
from reviews.access import ROUND_REVIEWERS, can_read_round, can_read_thread, reviewers_now
from reviews.models import PromoDocument, ReviewRound


def members_condition(review_round):
    """(SQL, params): the planner's person `u` is a member of the round now."""
    ids = [
        review_round.document.owner_id,
        *reviewers_now(review_round).values_list("pk", flat=True),
    ]
    return f"u.id IN ({', '.join(['%s'] * len(ids))})", ids


def members_now_table():
    """SQL (no parameters) of a derived table `(round_id, member_id)`: every round's members
    now other than its engineer, by the rule of reviews.access.reviewers_now (a chosen
    mentor who still mentors the engineer; the engineer's manager now when the round
    includes them). Set-based, so a periodic kind claims for every round in one statement;
    "active" is the planner's own `u.is_active`."""
    rounds = ReviewRound._meta.db_table
    return f"""
        SELECT mr.id AS round_id, rr.user_id AS member_id
        FROM {ROUND_REVIEWERS._meta.db_table} rr
        JOIN {rounds} mr ON mr.id = rr.reviewround_id
        JOIN {PromoDocument._meta.db_table} md ON md.id = mr.document_id
        JOIN {Candidacy._meta.db_table} mc ON mc.id = md.candidacy_id
        JOIN {MentorAssignment._meta.db_table} ma
          ON ma.mentor_id = rr.user_id AND ma.mentee_id = mc.person_id
        WHERE rr.user_id <> mc.person_id
        UNION
        SELECT mr.id, me.manager_id
        FROM {rounds} mr
        JOIN {PromoDocument._meta.db_table} md ON md.id = mr.document_id
        JOIN {Candidacy._meta.db_table} mc ON mc.id = md.candidacy_id
        JOIN {User._meta.db_table} me ON me.id = mc.person_id
        WHERE mr.includes_manager AND me.manager_id IS NOT NULL AND me.manager_id <> me.id
    """  # noqa: S608 - names come from model _meta


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
