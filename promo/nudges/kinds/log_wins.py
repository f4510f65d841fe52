"""Log your wins: an engineer who has logged no evidence this week, on the day and at the
hour they chose, in their own time zone."""

from django.urls import reverse

from evidence.models import Artifact
from promo.nudges.kinds import Due, Message, NudgeKind, Threshold

KEY = "log_wins"
DEFAULT_WEEKDAY = f"{KEY}.default_weekday"
DEFAULT_HOUR = f"{KEY}.default_hour"


def claim_sql(planning):
    """People on a ladder with no evidence created since their local Monday, whose chosen
    weekday it is and whose chosen hour has come. The period is their local ISO week."""
    artifacts = Artifact._meta.db_table
    where = f"""
        u.ladder_id IS NOT NULL
        AND z.weekday = COALESCE(s.log_wins_weekday, %s)
        AND z.local_hour >= COALESCE(s.log_wins_hour, %s)
        AND NOT EXISTS (
            SELECT 1 FROM {artifacts} a
            WHERE a.owner_id = u.id AND a.deleted_at IS NULL
              AND a.created_at >= %s AND a.created_at >= z.week_start)
    """  # noqa: S608 - names come from model _meta; every value is a parameter
    params = [
        planning.thresholds[DEFAULT_WEEKDAY],
        planning.thresholds[DEFAULT_HOUR],
        planning.dt(planning.earliest_week_start),
    ]
    return Due(
        where=where,
        params=params,
        period="z.week",
        claimed_since=planning.week_claims_since,
    )


def message(claim):
    return Message(
        title="Log this week's wins",
        path=reverse("this_week"),
        template="nudges/log_wins",
    )


LOG_WINS = NudgeKind(
    key=KEY,
    label="Log your wins",
    description="A weekly reminder when you have logged no evidence that week.",
    claim_sql=claim_sql,
    message=message,
    frequencies=("weekly", "fortnightly"),
    thresholds=(
        Threshold(
            DEFAULT_WEEKDAY,
            4,
            "Log your wins: default weekday (0 = Monday … 6 = Sunday)",
            maximum=6,
        ),
        Threshold(DEFAULT_HOUR, 15, "Log your wins: default local hour (0–23)", maximum=23),
    ),
)
