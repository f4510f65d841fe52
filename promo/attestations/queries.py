"""Reads for attestations: the confirmations an artifact shows, labelled by how each
colleague stands to its owner in the organisation as it is now."""

from dataclasses import dataclass

from promo.models import Attestation, User
from promo.org.tree import managers_above_ids, managers_above_subquery


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


def adoption_confirmations(artifacts, owner):
    """The confirmations on `artifacts` (a queryset of their ids) that count towards
    other-team adoption: confirmed with "my team adopted it", by
    someone with a team who is neither on the owner's team nor above the owner in the
    management chain, as the organisation is now (the same test relationship_label makes,
    so whatever is labelled "their manager" or "a teammate" never counts). An unordered
    queryset, so the caller can fold it into one query with its other reads."""
    rows = Attestation.objects.filter(
        artifact_id__in=artifacts,
        status=Attestation.Status.CONFIRMED,
        adopted=True,
        attester__team__isnull=False,
    ).exclude(attester_id__in=managers_above_subquery(owner.pk))
    if owner.team_id is not None:
        rows = rows.exclude(attester__team_id=owner.team_id)
    return rows.order_by()


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


def citable_confirmations(ids, artifacts, owner):
    """{attestation_id: Confirmation} of the `ids` a promo doc of `owner` may quote to a
    reader: answers confirmed, or withdrawn since (shown as withdrawn), on `artifacts`,
    what the reader may see of the owner's evidence. Labelled as the artifact page labels
    them. No query without ids, at most two with."""
    if not ids:
        return {}
    rows = list(
        Attestation.objects.filter(
            pk__in=ids,
            artifact__in=artifacts,
            artifact__owner_id=owner.pk,
            status__in=(Attestation.Status.CONFIRMED, Attestation.Status.WITHDRAWN),
        ).select_related("attester", "attester__team", "artifact")
    )
    if not rows:
        return {}
    above = set(managers_above_ids(owner.pk))
    found = {}
    for row in rows:
        label = relationship_label(row.attester, owner, above)
        found[row.pk] = Confirmation(row, label, label in RELATION_LABELS)
    return found


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
