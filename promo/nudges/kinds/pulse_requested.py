"""Pulse asked: a senior colleague asked whether an engineer operates at their next level.

Event-driven: promo.pulses.services.pulse_request claims it (planner.claim_event) in the
same transaction as the pulse, through the same statement and preferences as the
periodic kinds. The period is the colleague's place on the pulse, so a retried request
claims nothing more. It quotes only the question (a name and a level); delivery checks
again that the pulse is still open.
"""

from django.urls import reverse
from django.utils import timezone

from promo.models import Pulse, PulseRecipient
from promo.nudges.kinds import Due, Message, NudgeKind

KEY = "pulse_requested"
PERIOD = "CAST(pr.id AS VARCHAR(30))"


def claim_sql(planning, *, recipient_id):
    """The colleague asked as `recipient_id`, while the pulse is open."""
    joins = f"""
        JOIN {PulseRecipient._meta.db_table} pr ON pr.person_id = u.id
        JOIN {Pulse._meta.db_table} pu
          ON pu.id = pr.pulse_id AND pu.status = '{Pulse.Status.OPEN}'
    """  # noqa: S608 - names come from model _meta, the status from the code
    return Due(where="pr.id = %s", params=[recipient_id], period=PERIOD, joins=joins)


def recipient_of(claim):
    """The place on an open pulse a claim is about; None once it closed or was withdrawn."""
    if not claim.period.isdigit():
        return None
    recipient = (
        PulseRecipient.objects.select_related("pulse__person", "pulse__level")
        .filter(pk=int(claim.period), person_id=claim.person_id)
        .first()
    )
    if recipient is None or not recipient.pulse.is_open_at(timezone.now()):
        return None
    return recipient


def may_deliver(claim):
    return recipient_of(claim) is not None


def message(claim):
    recipient = recipient_of(claim)
    if recipient is None:  # closed or withdrawn between the check and now
        return Message(
            title="A colleague’s readiness question",
            path=reverse("notifications"),
            template="nudges/pulse_requested",
        )
    pulse = recipient.pulse
    return Message(
        title=f"Does {pulse.person} operate at {pulse.level.code} today?",
        path=reverse("pulse_answer", args=[pulse.pk]),
        template="nudges/pulse_requested",
        context={"pulse": pulse},
    )


PULSE_REQUESTED = NudgeKind(
    key=KEY,
    label="Readiness question",
    description="When you are asked, as a senior colleague, whether someone outside your "
    "management chain already operates at their next level.",
    claim_sql=claim_sql,
    message=message,
    scheduled=False,
    may_deliver=may_deliver,
)
