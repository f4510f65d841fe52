"""The rows a My team response shows, loaded as its section draws them (the section
itself may come from the cache, so the response's context holds only their ids)."""

from promo.dashboards.team import rows_for


def rows_shown(response):
    return rows_for(response.context["shown"])
