"""Impact check-in due: one nudge per pending check-in of a live artifact, once its day
has come in the owner's time zone, linking to the check-in's form."""

from datetime import timedelta

from django.db import connection
from django.urls import reverse

from evidence.models import Artifact
from promo.models import ImpactCheckIn
from promo.nudges.kinds import Due, Message, NudgeKind, Threshold

KEY = "checkin_due"
HOUR = f"{KEY}.local_hour"
# Only check-ins that fell due recently are nudged: a long backlog (someone who just
# joined, or turned these on) is listed on "This week", not mailed one by one.
RECENT_DAYS = f"{KEY}.recent_days"
PREFIX = "checkin-"


def claim_sql(planning):
    """Pending check-ins due on or before the owner's local today and at most
    RECENT_DAYS old, once the owner's local hour has come. The period is the check-in."""
    joins = f"""
        JOIN {Artifact._meta.db_table} ca ON ca.owner_id = u.id AND ca.deleted_at IS NULL
        JOIN {ImpactCheckIn._meta.db_table} ci ON ci.artifact_id = ca.id
    """  # noqa: S608 - names come from model _meta
    latest = max(zone["local_date"] for zone in planning.zones)
    earliest = min(zone["local_date"] for zone in planning.zones)
    recent = timedelta(days=planning.thresholds[RECENT_DAYS])
    ops = connection.ops
    where = """
        ci.recorded_at IS NULL AND ci.due_on <= %s AND ci.due_on >= %s
        AND ci.due_on <= z.local_date AND z.local_hour >= %s
    """
    params = [
        ops.adapt_datefield_value(latest),
        ops.adapt_datefield_value(earliest - recent),
        planning.thresholds[HOUR],
    ]
    return Due(
        where=where,
        params=params,
        period=f"'{PREFIX}' || CAST(ci.id AS VARCHAR(30))",
        joins=joins,
    )


def checkin_of(claim):
    """The claim's check-in, or None if it is gone (its artifact was re-dated or purged)."""
    checkin_id = claim.period.removeprefix(PREFIX)
    return (
        ImpactCheckIn.objects.select_related("artifact").filter(pk=int(checkin_id)).first()
        if checkin_id.isdigit()
        else None
    )


def message(claim):
    checkin = checkin_of(claim)
    path = reverse("checkin_record", args=[checkin.pk]) if checkin else reverse("checkins_due")
    return Message(
        title="What happened after it shipped?",
        path=path,
        template="nudges/checkin_due",
        context={"checkin": checkin},
    )


CHECKIN_DUE = NudgeKind(
    key=KEY,
    label="Impact check-in due",
    description="When it is time to record what happened after your work shipped.",
    claim_sql=claim_sql,
    message=message,
    thresholds=(
        Threshold(HOUR, 9, "Impact check-in due: earliest local hour (0–23)", maximum=23),
        Threshold(
            RECENT_DAYS, 14, "Impact check-in due: nudge check-ins due within (days)", minimum=1
        ),
    ),
)
