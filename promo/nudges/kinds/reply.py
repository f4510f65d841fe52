"""Reply: the author of a review thread, when someone else replies in it.

Event-driven: reviews.services.comment_add claims it (planner.claim_event) in the same
transaction as the comment, through the same statement and preferences as the periodic
kinds. The period is the comment's id, so claiming the same comment again is a no-op.
A reply that @mentions the thread's author reaches them as that mention instead (claimed
first, in the same transaction): one nudge per comment and person.
"""

from django.urls import reverse

from promo.models import NudgeClaim
from promo.nudges.kinds.mention import KEY as MENTION
from promo.nudges.registry import Due, Message, NudgeKind, register
from reviews.models import Comment, Thread

KEY = "reply"


def claim_sql(planning, *, comment_id):
    """The thread's author, if the comment is someone else's and did not already reach
    them as a mention. The period is the comment."""
    joins = f"""
        JOIN {Thread._meta.db_table} th ON th.opened_by_id = u.id
        JOIN {Comment._meta.db_table} c ON c.thread_id = th.id
    """  # noqa: S608 - names come from model _meta
    mentioned = f"""EXISTS (
        SELECT 1 FROM {NudgeClaim._meta.db_table} m
        WHERE m.person_id = u.id AND m.kind = %s AND m.period = CAST(c.id AS VARCHAR(30))
    )"""  # noqa: S608 - names come from model _meta
    return Due(
        where=f"c.id = %s AND c.author_id <> u.id AND NOT {mentioned}",
        params=[comment_id, MENTION],
        period="CAST(c.id AS VARCHAR(30))",
        joins=joins,
    )


def comment_of(claim):
    if not claim.period.isdigit():
        return None
    return Comment.objects.select_related("author", "thread").filter(pk=int(claim.period)).first()


def message(claim):
    comment = comment_of(claim)
    if comment is None:
        return Message(
            title="A reply in your thread", path=reverse("reviews_shared"), template="nudges/reply"
        )
    thread = comment.thread
    return Message(
        title=f"{comment.author} replied in your thread",
        path=f"{reverse('reviews_round', args=[thread.round_id])}#thread-{thread.pk}",
        template="nudges/reply",
        context={"comment": comment},
    )


REPLY = register(
    NudgeKind(
        key=KEY,
        label="Reply",
        description="When someone replies in a review thread you started.",
        claim_sql=claim_sql,
        message=message,
        scheduled=False,
    )
)
