"""Who may see and change an engineer's evidence.

Visibility: private -> the owner only; mentors -> also the owner's assigned mentors;
mentors_and_manager -> also every manager above the owner in the chain, and staff.
Drafts are half-written notes: only their owner sees them, whatever their visibility.
"""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import Http404

from evidence.models import Artifact
from promo.org.access import Relation, relation_between
from promo.web.lookups import CompiledQuery, instance_by_pk

V = Artifact.Visibility


def visibilities_for(relation):
    """The visibility values a viewer standing in `relation` to an owner may read."""
    if relation.is_self:
        return set(V.values)
    allowed = set()
    if relation.is_mentor:
        allowed |= {V.MENTORS, V.MENTORS_AND_MANAGER}
    if relation.is_manager or relation.is_staff:
        allowed.add(V.MENTORS_AND_MANAGER)
    return allowed


def artifacts_visible_to(viewer, owner, relation=None):
    """The owner's live (not trashed) artifacts that `viewer` may read, as a queryset.
    `relation`: relation_between(viewer, owner), when the caller has it already."""
    relation = relation or relation_between(viewer, owner)
    queryset = Artifact.objects.filter(owner_id=owner.pk)
    if relation.is_self:
        return queryset
    return queryset.filter(visibility__in=visibilities_for(relation), is_draft=False)


def shared_with_managers(artifacts):
    """Of `artifacts`, those their owner's managers may read: what leaves promo when staff
    export the organisation (never private evidence, never drafts)."""
    return artifacts.filter(
        visibility__in=visibilities_for(Relation(is_manager=True)), is_draft=False
    )


def readable_among(viewer, owner, ids, relation=None):
    """{pk: artifact} of the owner's live artifacts with these `ids` that `viewer` may
    read (can_view_artifact's rule), in one statement compiled once: a promo document's
    citations, on every view of a review round or a version."""
    relation = relation or relation_between(viewer, owner)
    ids = sorted(pk for pk in ids if 0 < pk <= _LARGEST_ID)  # a document may cite any number
    artifacts = _OWNERS_AMONG(owner=owner.pk, ids=ids)
    return {a.pk: a for a in artifacts if can_view_artifact(viewer, a, relation)}


_LARGEST_ID = 2**63 - 1  # BigAutoField, on every database promo runs on


def _among(ids):
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])  # one statement whatever the count
    return ids


_OWNERS_AMONG = CompiledQuery(
    lambda owner, ids: Artifact.objects.filter(owner_id=owner, pk__in=_among(ids))
)


def can_view_artifact(viewer, artifact, relation=None):
    relation = relation or relation_between(viewer, artifact.owner)
    if relation.is_self:
        return True
    return not artifact.is_draft and artifact.visibility in visibilities_for(relation)


def artifact_for_viewer(viewer, pk, *, write=False):
    """The live artifact `pk`, if `viewer` may read it (and change it, with write=True).

    Someone who may not read it gets Http404; a reader who may not change it (anyone but
    the owner) gets PermissionDenied.
    """
    artifact = instance_by_pk(Artifact, pk, ("owner", "owner__level"))
    if artifact is None or not viewer.is_authenticated:
        raise Http404("No such artifact.")
    relation = relation_between(viewer, artifact.owner)
    if not can_view_artifact(viewer, artifact, relation):
        raise Http404("No such artifact.")
    if write and not relation.is_self:
        raise PermissionDenied("Only its owner can change an artifact.")
    return artifact


def trashed_artifact_for_owner(viewer, pk):
    """An artifact in the viewer's own trash. Nobody else's trash is anyone's business."""
    artifact = Artifact.all_objects.filter(
        pk=pk, owner_id=viewer.pk, deleted_at__isnull=False
    ).first()
    if artifact is None:
        raise Http404("No such artifact in your trash.")
    return artifact


def own_artifact_for_owner(viewer, pk):
    """A live artifact of the viewer's own. Anybody else's, readable or not, is a 404:
    undoing a capture is never something another person can even try."""
    artifact = Artifact.objects.filter(pk=pk, owner_id=viewer.pk).first()
    if artifact is None:
        raise Http404("No such artifact of yours.")
    return artifact
