"""The attestations panel on an artifact's page: one tag, so the evidence app's view and
template need not know how confirmations are read."""

from django import template

from promo.attestations.queries import confirmations_on, requests_on

register = template.Library()


@register.inclusion_tag("attestations/_panel.html", takes_context=True)
def attestations_panel(context, artifact, is_own):
    """Confirmations for whoever may read the artifact (the page checked that already);
    the owner also sees whom they asked, with a way to cancel and to ask more."""
    return {
        "artifact": artifact,
        "is_own": is_own,
        "confirmations": confirmations_on(artifact),
        "requests": requests_on(artifact) if is_own else [],
        "csrf_token": context.get("csrf_token"),
    }
