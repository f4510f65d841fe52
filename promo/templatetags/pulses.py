"""The pulse panel on the readiness page: one tag, so the readiness view and template
need not know how pulses are read."""

from django import template

from promo.pulses.access import may_see_pulse
from promo.pulses.queries import level_to_ask_about, pulse_summary_for

register = template.Library()


@register.inclusion_tag("pulses/_panel.html", takes_context=True)
def pulse_panel(context, person, has_target=None):
    """For the engineer and their managers only (mentors and staff see nothing here):
    the open pulse, else the latest closed one, and a way to start one when none is open.
    Nothing at all when there is neither. `has_target`: whether there is a level to ask
    about, when the page knows it already (the readiness section does); else it is read."""
    viewer = context["request"].user
    if not may_see_pulse(viewer, person, context.get("viewer_relation")):
        return {"hidden": True}
    summary = pulse_summary_for(person)
    if summary is not None and summary.is_open:
        may_start = False
    elif has_target is None:
        may_start = level_to_ask_about(person) is not None
    else:
        may_start = has_target
    if summary is None and not may_start:
        return {"hidden": True}  # on no ladder or at its top, and never asked about
    return {
        "person": person,
        "summary": summary,
        "may_start": may_start,
        "csrf_token": context.get("csrf_token"),
    }
