"""The pulse panel on the readiness page: one tag, so the readiness view and template
need not know how pulses are read."""

from django import template

from promo.pulses.access import may_see_pulse
from promo.pulses.queries import level_to_ask_about, pulse_summary_for

register = template.Library()


@register.inclusion_tag("pulses/_panel.html", takes_context=True)
def pulse_panel(context, person):
    """For the engineer and their managers only (mentors and staff see nothing here):
    the open pulse, else the latest closed one, and a way to start one when none is open.
    Nothing at all when there is neither."""
    viewer = context["request"].user
    if not may_see_pulse(viewer, person):
        return {"hidden": True}
    summary = pulse_summary_for(person)
    may_start = (summary is None or not summary.is_open) and level_to_ask_about(person)
    if summary is None and not may_start:
        return {"hidden": True}  # on no ladder or at its top, and never asked about
    return {
        "person": person,
        "summary": summary,
        "may_start": bool(may_start),
        "csrf_token": context.get("csrf_token"),
    }
