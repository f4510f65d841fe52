"""Every kind of nudge, listed by name: importing this module is all it takes to know them.

Adding a kind is a module in promo/nudges/kinds/ and one line in `KINDS` below.
"""

from promo.models import NudgeThreshold
from promo.nudges.kinds import (
    attestation_reminder,
    attestation_requested,
    checkin_due,
    decision_released,
    digest,
    draft_waiting,
    log_wins,
    mention,
    pulse_requested,
    reply,
    review_requested,
    stale_criterion,
)

# In the order people see them: on the preferences page and the staff thresholds form.
KINDS = {
    kind.key: kind
    for kind in (
        checkin_due.CHECKIN_DUE,
        stale_criterion.STALE_CRITERION,
        digest.DIGEST,
        draft_waiting.DRAFT_WAITING,
        log_wins.LOG_WINS,
        mention.MENTION,
        reply.REPLY,
        review_requested.REVIEW_REQUESTED,
        attestation_requested.ATTESTATION_REQUESTED,
        attestation_reminder.ATTESTATION_REMINDER,
        pulse_requested.PULSE_REQUESTED,
        decision_released.DECISION_RELEASED,
    )
}


def all_thresholds():
    return [threshold for kind in KINDS.values() for threshold in kind.thresholds]


def threshold_values():
    """Every declared threshold's value now: the staff override, else the default."""
    values = {threshold.key: threshold.default for threshold in all_thresholds()}
    values.update(NudgeThreshold.objects.filter(key__in=values.keys()).values_list("key", "value"))
    return values
