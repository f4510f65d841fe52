"""Fetch-and-check for personal exports: only their owner ever reaches one."""

from django.http import Http404

from promo.portability.models import PersonalExport


def export_for_owner(viewer, pk):
    """The export `pk` if `viewer` is the person it is of; 404 for anyone else."""
    export = PersonalExport.objects.filter(pk=pk, person_id=viewer.pk).first()
    if export is None:
        raise Http404("No such export.")
    return export


def downloadable_export(viewer, pk):
    """The owner's export while it is ready and inside its window; 404 otherwise."""
    export = export_for_owner(viewer, pk)
    if not export.is_downloadable():
        raise Http404("This export is not ready, or its 24 hours have passed.")
    return export
