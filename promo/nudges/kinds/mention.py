"""Mention: a member of a review round whom a comment @mentions.

Event-driven: reviews.services.comment_add claims it (planner.claim_event) in the same
transaction as the comment. Only people recorded in comment.mentions are considered, and
of those only who may still open the round (its engineer or one of its reviewers), never
the comment's author. The period is the comment: once per comment and person.
"""

from django.urls import reverse

from promo.models import Candidacy
from promo.nudges.registry import Due, Message, NudgeKind, register
from reviews.models import Comment, PromoDocument, ReviewRound, Thread

KEY = "mention"


def claim_sql(planning, *, comment_id):
    """The people the comment mentions who are members of the round it lives in."""
    mentions = Comment._meta.get_field("mentions")
    mentioned = mentions.remote_field.through._meta.db_table
    reviewers = ReviewRound._meta.get_field("reviewers")
    round_reviewers = reviewers.remote_field.through._meta.db_table
    joins = f"""
        JOIN {mentioned} cm ON cm.{mentions.m2m_reverse_name()} = u.id
        JOIN {Comment._meta.db_table} c ON c.id = cm.{mentions.m2m_column_name()}
        JOIN {Thread._meta.db_table} th ON th.id = c.thread_id
        JOIN {ReviewRound._meta.db_table} r ON r.id = th.round_id
        JOIN {PromoDocument._meta.db_table} d ON d.id = r.document_id
        JOIN {Candidacy._meta.db_table} ca ON ca.id = d.candidacy_id
    """  # noqa: S608 - names come from model _meta
    member = f"""(u.id = ca.person_id OR EXISTS (
        SELECT 1 FROM {round_reviewers} rr
        WHERE rr.{reviewers.m2m_column_name()} = r.id AND rr.{reviewers.m2m_reverse_name()} = u.id
    ))"""  # noqa: S608 - names come from model _meta
    return Due(
        where=f"c.id = %s AND c.author_id <> u.id AND {member}",
        params=[comment_id],
        period="CAST(c.id AS VARCHAR(30))",
        joins=joins,
    )


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


MENTION = register(
    NudgeKind(
        key=KEY,
        label="Mention",
        description="When someone @mentions you in a comment on a promo doc review.",
        claim_sql=claim_sql,
        message=message,
        scheduled=False,
    )
)
