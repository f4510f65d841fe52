"""Reply: the author of a review thread, when someone else replies in it.

Event-driven: reviews.services.comment_add claims it (planner.claim_event) in the same
transaction as the comment, through the same statement and preferences as the periodic
kinds. The period is the comment's id, so claiming the same comment again is a no-op.
A reply that @mentions the thread's author reaches them as that mention instead (claimed
first, in the same transaction): one nudge per comment and person.
"""

from promo.models import NudgeClaim
from promo.nudges.kinds import Due, NudgeKind
from promo.nudges.kinds.mention import KEY as MENTION
from promo.nudges.kinds.mention import comment_message, readers_of_comment
from promo.nudges.kinds.round_readers import may_read_comment
from reviews.models import Comment, Thread

KEY = "reply"


def claim_sql(planning, *, comment_id):
    """The thread's author, if the comment is someone else's, did not already reach them
    as a mention, and they may still read the round the thread lives in now (a thread
    carried into a round without them quotes nothing to them). The period is the comment."""
    joins = f"""
        JOIN {Thread._meta.db_table} th ON th.opened_by_id = u.id
        JOIN {Comment._meta.db_table} c ON c.thread_id = th.id
    """  # noqa: S608 - names come from model _meta
    mentioned = f"""EXISTS (
        SELECT 1 FROM {NudgeClaim._meta.db_table} m
        WHERE m.person_id = u.id AND m.kind = %s AND m.period = CAST(c.id AS VARCHAR(30))
    )"""  # noqa: S608 - names come from model _meta
    member, member_params = readers_of_comment(comment_id)
    return Due(
        where=f"c.id = %s AND c.author_id <> u.id AND NOT {mentioned} AND {member}",
        params=[comment_id, MENTION, *member_params],
        period="CAST(c.id AS VARCHAR(30))",
        joins=joins,
    )


def message(claim):
    return comment_message(
        claim,
        title="{author} replied in your thread",
        fallback_title="A reply in your thread",
        template="nudges/reply",
    )


REPLY = NudgeKind(
    key=KEY,
    label="Reply",
    description="When someone replies in a review thread you started.",
    claim_sql=claim_sql,
    message=message,
    scheduled=False,
    may_deliver=may_read_comment,
)
