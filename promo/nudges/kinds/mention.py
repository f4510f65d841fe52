"""Mention: a member of a review round whom a comment @mentions.

Event-driven: reviews.services.comment_add claims it (planner.claim_event) in the same
transaction as the comment. Only people recorded in comment.mentions are considered, and
of those only who may read the round the thread lives in now (reviews.access),
checked again at delivery; never the comment's author. The period is the comment: once
per comment and person.
"""

from django.urls import reverse

from promo.nudges.kinds import Due, Message, NudgeKind
from promo.nudges.kinds.round_readers import may_read_comment, members_condition
from reviews.models import Comment

KEY = "mention"


def claim_sql(planning, *, comment_id):
    """The people the comment mentions who may read the round it lives in now."""
    mentions = Comment._meta.get_field("mentions")
    mentioned = mentions.remote_field.through._meta.db_table
    joins = f"""
        JOIN {mentioned} cm ON cm.{mentions.m2m_reverse_name()} = u.id
        JOIN {Comment._meta.db_table} c ON c.id = cm.{mentions.m2m_column_name()}
    """  # noqa: S608 - names come from model _meta
    member, member_params = readers_of_comment(comment_id)
    return Due(
        where=f"c.id = %s AND c.author_id <> u.id AND {member}",
        params=[comment_id, *member_params],
        period="CAST(c.id AS VARCHAR(30))",
        joins=joins,
    )


def readers_of_comment(comment_id):
    """(SQL, params): `u` may read the comment's thread now; nobody if it is gone."""
    comment = (
        Comment.objects.select_related("thread__round__document__candidacy")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return "FALSE", []
    return members_condition(comment.thread.round)


def comment_of(claim):
    """The comment a comment-driven claim (mention, reply) is about; None once deleted."""
    if not claim.period.isdigit():
        return None
    return Comment.objects.select_related("author", "thread").filter(pk=int(claim.period)).first()


def comment_message(claim, *, title, fallback_title, template):
    """A message linking to the comment's thread; `title` may use {author}."""
    comment = comment_of(claim)
    if comment is None:
        return Message(title=fallback_title, path=reverse("reviews_shared"), template=template)
    thread = comment.thread
    return Message(
        title=title.format(author=comment.author),
        path=f"{reverse('reviews_round', args=[thread.round_id])}#thread-{thread.pk}",
        template=template,
        context={"comment": comment},
    )


def message(claim):
    return comment_message(
        claim,
        title="{author} mentioned you in a review thread",
        fallback_title="You were mentioned in a review",
        template="nudges/mention",
    )


MENTION = NudgeKind(
    key=KEY,
    label="Mention",
    description="When someone @mentions you in a comment on a promo doc review.",
    claim_sql=claim_sql,
    message=message,
    scheduled=False,
    may_deliver=may_read_comment,
)
