"""Impact check-in due: one nudge per pending check-in of a live artifact, once its day
(or the day its snooze ends) has come in the owner's time zone, linking to the check-in's
form. Check-ins due longer ago than CHECKIN_NUDGE_MAX_AGE_DAYS are not nudged one by one:
each nudge says how many of those are still open, in one line."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.urls import reverse

from evidence.models import Artifact
from promo.models import ImpactCheckIn
from promo.nudges.kinds import Due, Message, NudgeKind, Threshold
from promo.readiness.calendar import local_today
from promo.readiness.checkins.queries import still_open_count

KEY = "checkin_due"
HOUR = f"{KEY}.local_hour"
PREFIX = "checkin-"
# When a check-in is due: the day its snooze ends, else its own day.
WAKES_ON = "COALESCE(ci.snoozed_until, ci.due_on)"


def claim_sql(planning):
    """Pending check-ins due (or back from a snooze) on or before the owner's local today
    and at most CHECKIN_NUDGE_MAX_AGE_DAYS ago, once the owner's local hour has come. The
    period is the check-in, and the day a snooze ended: a snoozed check-in is nudged
    once more when it comes back."""
    joins = f"""
        JOIN {Artifact._meta.db_table} ca ON ca.owner_id = u.id AND ca.deleted_at IS NULL
        JOIN {ImpactCheckIn._meta.db_table} ci ON ci.artifact_id = ca.id
    """  # noqa: S608 - names come from model _meta
    latest = max(zone["local_date"] for zone in planning.zones)
    earliest = min(zone["local_date"] for zone in planning.zones)
    recent = timedelta(days=settings.CHECKIN_NUDGE_MAX_AGE_DAYS)
    ops = connection.ops
    where = f"""
        ci.recorded_at IS NULL AND ci.unmeasurable_at IS NULL
        AND {WAKES_ON} <= %s AND {WAKES_ON} >= %s
        AND {WAKES_ON} <= z.local_date AND z.local_hour >= %s
    """
    params = [
        ops.adapt_datefield_value(latest),
        ops.adapt_datefield_value(earliest - recent),
        planning.thresholds[HOUR],
    ]
    return Due(
        where=where,
        params=params,
        period=(
            f"'{PREFIX}' || CAST(ci.id AS VARCHAR(30))"
            " || COALESCE('-' || CAST(ci.snoozed_until AS VARCHAR(10)), '')"
        ),
        joins=joins,
    )


def checkin_of(claim):
    """The claim's check-in, or None if it is gone (its artifact was re-dated or purged)."""
    checkin_id = claim.period.removeprefix(PREFIX).split("-", 1)[0]
    return (
        ImpactCheckIn.objects.select_related("artifact").filter(pk=int(checkin_id)).first()
        if checkin_id.isdigit()
        else None
    )


def message(claim):
    checkin = checkin_of(claim)
    path = reverse("checkin_record", args=[checkin.pk]) if checkin else reverse("checkins_due")
    person = claim.person
    older = still_open_count(person, today=local_today(claim.created_at, person.zone))
    return Message(
        title="What happened after it shipped?",
        path=path,
        template="nudges/checkin_due",
        context={
            "checkin": checkin,
            "still_open": older,
            "backlog_link": f"{settings.SITE_URL}{reverse('checkins_due')}",
        },
    )


CHECKIN_DUE = NudgeKind(
    key=KEY,
    label="Impact check-in due",
    description="When it is time to record what happened after your work shipped.",
    claim_sql=claim_sql,
    message=message,
    thresholds=(Threshold(HOUR, 9, "Impact check-in due: earliest local hour (0–23)", maximum=23),),
)
