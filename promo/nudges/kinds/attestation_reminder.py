"""Confirmation reminder: once, a week after a colleague was asked to confirm an artifact,
if they have not answered yet (and the owner has not cancelled, nor trashed the artifact).

Periodic: the planner claims it for every request old enough, once the colleague's local
hour has come. The period is the request, so the claim's unique (person, kind, period)
row lets exactly one run send it; every later run claims nothing.
"""

from datetime import timedelta

from promo.nudges.kinds import Due, NudgeKind, Threshold
from promo.nudges.kinds.attestation_requested import (
    PERIOD,
    may_deliver,
    pending_request_joins,
    request_message,
)

KEY = "attestation_reminder"
HOUR = f"{KEY}.local_hour"
REMIND_AFTER = timedelta(days=7)


def claim_sql(planning):
    """Requests waiting for `u` since at least REMIND_AFTER, once their local hour has come."""
    return Due(
        where="a.requested_at <= %s AND z.local_hour >= %s",
        params=[planning.dt(planning.now - REMIND_AFTER), planning.thresholds[HOUR]],
        period=PERIOD,
        joins=pending_request_joins(),
    )


def message(claim):
    return request_message(
        claim,
        title="Reminder: {owner} asked you to confirm their work",
        template="nudges/attestation_reminder",
    )


ATTESTATION_REMINDER = NudgeKind(
    key=KEY,
    label="Confirmation reminder",
    description="Once, a week after a colleague asked you to confirm their work, if you "
    "have not answered.",
    claim_sql=claim_sql,
    message=message,
    may_deliver=may_deliver,
    thresholds=(
        Threshold(HOUR, 9, "Confirmation reminder: earliest local hour (0–23)", maximum=23),
    ),
)
