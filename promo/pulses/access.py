"""Who may reach a pulse.

Asking, withdrawing and reading the aggregate belong to the engineer and anyone above them
in the management chain now. Others who may read the person (their mentors, staff) get
403; anyone else 404. Answering belongs to each colleague asked, while they stay outside
the chain; anyone else, the engineer included, gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from promo.models import Pulse, PulseRecipient
from promo.org.access import person_for_viewer, relation_between
from promo.org.tree import managers_above_ids
from promo.web.lookups import instance_by_pk


def may_see_pulse(viewer, person, relation=None):
    """The engineer themself or anyone above them in the chain. `relation`: how the viewer
    stands to the person, if the page has read it already."""
    relation = relation or relation_between(viewer, person)
    return relation.is_self or relation.is_manager


def person_for_pulse(viewer, pk):
    """The person `pk` for asking about them: 404 for who may not read them, 403 for a
    mentor or staff member who may read them but not ask."""
    person = person_for_viewer(viewer, pk)
    if not may_see_pulse(viewer, person):
        raise PermissionDenied("Only the engineer and their managers ask about them.")
    return person


def pulse_for_asker(viewer, pk):
    """The pulse `pk`, for the engineer or a manager above them (404 / 403 as above)."""
    pulse = instance_by_pk(Pulse, pk, ("person", "level"))
    if pulse is None:
        raise Http404("No such pulse.")
    person_for_pulse(viewer, pulse.person_id)
    return pulse


def recipient_for_viewer(viewer, pk):
    """The viewer's place among those asked by pulse `pk`, unless the pulse was withdrawn
    or the viewer has since joined the engineer's management chain. Anyone else gets 404:
    not told the pulse exists."""
    if not viewer.is_authenticated:
        raise Http404("No such pulse.")
    recipient = (
        PulseRecipient.objects.select_related("pulse", "pulse__person", "pulse__level")
        .filter(pulse_id=pk, person_id=viewer.pk)
        .exclude(pulse__status=Pulse.Status.WITHDRAWN)
        .first()
    )
    if recipient is None or viewer.pk in managers_above_ids(recipient.pulse.person_id):
        raise Http404("No such pulse.")
    return recipient
