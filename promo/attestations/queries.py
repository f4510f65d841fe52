"""Reads for attestations: the confirmations an artifact shows, labelled by how each
colleague stands to its owner in the organisation as it is now."""

from dataclasses import dataclass

from promo.models import Attestation, User
from promo.org.tree import managers_above_ids


@dataclass(frozen=True)
class Confirmation:
    attestation: Attestation
    label: str
    # Whether the label leaves out who they are ("their manager"), so the page adds it.
    label_hides_name: bool


RELATION_LABELS = ("their manager", "a teammate")


def relationship_label(attester, owner, managers_above):
    """ "their manager" (anyone above the owner now), "a teammate" (same team now), else
    the colleague's name and team. `managers_above`: the owner's chain, as ids."""
    if attester.pk in managers_above:
        return RELATION_LABELS[0]
    if attester.team_id is not None and attester.team_id == owner.team_id:
        return RELATION_LABELS[1]
    if attester.team is None:
        return str(attester)
    return f"{attester}, {attester.team}"


def confirmations_on(artifact):
    """The artifact's standing confirmations (not declined, cancelled or withdrawn), each
    with its label; two queries whatever their number."""
    rows = (
        Attestation.objects.filter(artifact_id=artifact.pk, status=Attestation.Status.CONFIRMED)
        .select_related("attester", "attester__team")
        .order_by("answered_at", "id")
    )
    rows = list(rows)
    if not rows:
        return []
    above = set(managers_above_ids(artifact.owner_id))
    confirmations = []
    for row in rows:
        label = relationship_label(row.attester, artifact.owner, above)
        confirmations.append(Confirmation(row, label, label in RELATION_LABELS))
    return confirmations


def requests_on(artifact):
    """Every request the owner made about the artifact that is not cancelled: what they
    see of who was asked and what each answered."""
    return list(
        Attestation.objects.filter(artifact_id=artifact.pk)
        .exclude(status=Attestation.Status.CANCELLED)
        .select_related("attester", "attester__team")
        .order_by("requested_at", "id")
    )


def colleagues_of(owner):
    """Everyone the owner may ask: every active person in the organisation but themselves."""
    return (
        User.objects.filter(is_active=True).exclude(pk=owner.pk).select_related("team")
    ).order_by("display_name", "email")
