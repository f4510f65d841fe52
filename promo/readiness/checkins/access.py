from django.core.exceptions import PermissionDenied
from django.http import Http404

from evidence.access import can_view_artifact
from promo.models import ImpactCheckIn
from promo.org.access import relation_between


def checkin_for_viewer(viewer, pk, *, write=False):
    """The check-in `pk` of a live artifact the viewer may read (and, with write=True,
    record: only the artifact's owner may). Anyone who may not read the artifact gets
    Http404; a reader who is not the owner gets PermissionDenied on write."""
    checkin = (
        ImpactCheckIn.objects.live()
        .select_related("artifact", "artifact__owner")
        .filter(pk=pk)
        .first()
    )
    if checkin is None or not viewer.is_authenticated:
        raise Http404("No such check-in.")
    relation = relation_between(viewer, checkin.artifact.owner)
    if not can_view_artifact(viewer, checkin.artifact, relation):
        raise Http404("No such check-in.")
    if write and not relation.is_self:
        raise PermissionDenied("Only the owner of the work records its check-ins.")
    return checkin
