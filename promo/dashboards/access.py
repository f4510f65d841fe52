"""Who may read a row of My team: the people below the viewer in the management chain."""

from django.http import Http404

from promo.candidacies.access import reports_of
from promo.web.lookups import by_pk


def report_for_viewer(viewer, pk):
    """The person `pk` with their snapshot, level and cases, if they are below the viewer
    (whom My team lists, directly or in the whole org). Anyone else gets 404."""
    person = by_pk(reports_of(viewer).select_related("snapshot", "level"), pk)
    if person is None or getattr(person, "snapshot", None) is None:
        raise Http404("No such report.")
    return person
