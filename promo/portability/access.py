"""Fetch-and-check for exports: only whoever asked ever reaches one, and an export of the
organisation only while they are still staff."""

from django.http import Http404

from promo.portability.models import PersonalExport


def export_for_owner(viewer, pk):
    """The export `pk` if `viewer` is the person it is of; 404 for anyone else."""
    export = PersonalExport.objects.filter(pk=pk, person_id=viewer.pk).first()
    if export is None or (export.scope == export.Scope.ORGANISATION and not viewer.is_staff):
        raise Http404("No such export.")
    return export


def downloadable_export(viewer, pk):
    """The owner's export while it is ready and inside its window; 404 otherwise."""
    export = export_for_owner(viewer, pk)
    if not export.is_downloadable():
        raise Http404("This export is not ready, or its 24 hours have passed.")
    return export
