"""Confirmation asked: the colleague an engineer asks to confirm one artifact.

Event-driven: promo.attestations.services.attestation_request claims it (planner.claim_event)
in the same transaction as the request, through the same statement and preferences as
the periodic kinds. The period is the request, so a retried request claims nothing more.
It quotes only the artifact's title and the question, which the colleague may read while
the request stands: delivery checks again that it still does.
"""

from django.urls import reverse

from evidence.models import Artifact
from promo.models import Attestation
from promo.nudges.kinds import Due, Message, NudgeKind

KEY = "attestation_requested"
PERIOD = "CAST(a.id AS VARCHAR(30))"


def pending_request_joins():
    """SQL joins (no parameters): `a`, a request waiting for `u`'s answer, on a live artifact
    `ar`, never the artifact owner's own."""
    return f"""
        JOIN {Attestation._meta.db_table} a
          ON a.attester_id = u.id AND a.status = '{Attestation.Status.PENDING}'
        JOIN {Artifact._meta.db_table} ar
          ON ar.id = a.artifact_id AND ar.deleted_at IS NULL AND ar.owner_id <> u.id
    """  # noqa: S608 - names come from model _meta, the status from the code


def claim_sql(planning, *, attestation_id):
    """The colleague asked by request `attestation_id`, while it waits for them."""
    return Due(
        where="a.id = %s", params=[attestation_id], period=PERIOD, joins=pending_request_joins()
    )


def attestation_of(claim):
    """The pending request a claim is about; None once answered, cancelled or trashed."""
    if not claim.period.isdigit():
        return None
    return (
        Attestation.objects.select_related("artifact__owner")
        .filter(
            pk=int(claim.period),
            attester_id=claim.person_id,
            status=Attestation.Status.PENDING,
            artifact__deleted_at__isnull=True,
        )
        .first()
    )


def may_deliver(claim):
    return attestation_of(claim) is not None


def request_message(claim, *, title, template):
    """A message linking to the request's answer page; `title` may use {owner}."""
    attestation = attestation_of(claim)
    if attestation is None:  # answered or cancelled between the check and now
        return Message(
            title=title.format(owner="A colleague"),
            path=reverse("notifications"),
            template=template,
        )
    owner = attestation.artifact.owner
    return Message(
        title=title.format(owner=owner),
        path=reverse("attestation_answer", args=[attestation.pk]),
        template=template,
        context={"attestation": attestation, "artifact": attestation.artifact, "owner": owner},
    )


def message(claim):
    return request_message(
        claim,
        title="{owner} asks you to confirm their work",
        template="nudges/attestation_requested",
    )


ATTESTATION_REQUESTED = NudgeKind(
    key=KEY,
    label="Confirmation asked",
    description="When a colleague asks you to confirm a piece of their work.",
    claim_sql=claim_sql,
    message=message,
    scheduled=False,
    may_deliver=may_deliver,
)
