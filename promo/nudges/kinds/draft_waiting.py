"""Draft waiting: a reviewer (mentor) of a review round that has stayed open, with no
feedback given, for more than N days. Once per reviewer and round, and only while they
may still read the round (checked again at delivery: reviews.access)."""

from datetime import timedelta

from django.urls import reverse

from promo.nudges.kinds import Due, Message, NudgeKind, Threshold, round_readers
from reviews.models import ReviewRound

KEY = "draft_waiting"
DAYS = f"{KEY}.days"
HOUR = f"{KEY}.local_hour"
PREFIX = "round-"


def claim_sql(planning):
    """The round's members now other than its engineer (round_readers.members_now_table:
    not the stored reviewer list, which keeps mentors no longer assigned and never holds
    the manager), for rounds still open (no feedback given) since more than N days ago,
    once their local hour has come. The period is the round."""
    joins = f"""
        JOIN ({round_readers.members_now_table()}) m ON m.member_id = u.id
        JOIN {ReviewRound._meta.db_table} r ON r.id = m.round_id
    """  # noqa: S608 - names come from model _meta
    where = "r.status = %s AND r.opened_at < %s AND z.local_hour >= %s"
    params = [
        ReviewRound.Status.OPEN,
        planning.dt(planning.now - timedelta(days=planning.thresholds[DAYS])),
        planning.thresholds[HOUR],
    ]
    return Due(
        where=where,
        params=params,
        period=ROUND_PERIOD,
        joins=joins,
    )


# The period of a round-driven claim (draft waiting, review requested): "round-<id>".
ROUND_PERIOD = f"'{PREFIX}' || CAST(r.id AS VARCHAR(30))"


def round_of(claim):
    """The review round a round-driven claim is about; None once deleted."""
    round_id = claim.period.removeprefix(PREFIX)
    if not round_id.isdigit():
        return None
    return (
        ReviewRound.objects.select_related("version", "document__candidacy__person")
        .filter(pk=int(round_id))
        .first()
    )


def message(claim):
    review_round = round_of(claim)
    author = review_round.document.owner if review_round else None
    return Message(
        title=f"{author}'s draft is waiting for you" if author else "A draft is waiting for you",
        path=reverse("reviews_round", args=[review_round.pk])
        if review_round
        else reverse("reviews_shared"),
        template="nudges/draft_waiting",
        context={"round": review_round, "author": author},
    )


DRAFT_WAITING = NudgeKind(
    key=KEY,
    label="Draft waiting",
    description="When a promo doc you were asked to review has waited for your feedback.",
    claim_sql=claim_sql,
    message=message,
    may_deliver=lambda claim: round_readers.may_read_round(claim),
    thresholds=(
        Threshold(DAYS, 5, "Draft waiting: days a round waits before a nudge", minimum=1),
        Threshold(HOUR, 9, "Draft waiting: earliest local hour (0–23)", maximum=23),
    ),
)
