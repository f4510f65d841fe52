"""Who may reach an attestation.

Asking and cancelling belong to the artifact's owner: through evidence.access, so someone
who may not read the artifact gets 404 and a reader who may not change it gets 403.
Answering belongs to the one colleague asked: anyone else, the owner included, gets 404,
and the request opens nothing else of the owner's (every other evidence URL stays 404).
"""

from django.http import Http404

from evidence.access import artifact_for_viewer
from promo.models import Attestation
from promo.web.lookups import instance_by_pk


def attestation_for_owner(viewer, pk):
    """The attestation `pk` on a live artifact the viewer owns (404 for who may not read
    the artifact, 403 for a reader who may not change it)."""
    attestation = instance_by_pk(Attestation, pk, ("attester",))
    if attestation is None:
        raise Http404("No such request.")
    artifact = artifact_for_viewer(viewer, attestation.artifact_id, write=True)
    attestation.artifact = artifact
    return attestation


def attestation_for_attester(viewer, pk):
    """The attestation `pk` if the viewer is the colleague asked, on a live artifact, and
    the owner has not cancelled it. Anyone else gets 404: not told it exists."""
    attestation = (
        Attestation.objects.select_related("artifact", "artifact__owner", "artifact__owner__team")
        .filter(
            pk=pk,
            attester_id=viewer.pk,
            artifact__deleted_at__isnull=True,
        )
        .exclude(status=Attestation.Status.CANCELLED)
        .first()
    )
    if attestation is None or not viewer.is_authenticated:
        raise Http404("No such request.")
    return attestation
