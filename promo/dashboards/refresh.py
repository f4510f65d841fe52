"""Keeping snapshots fresh: the services that change someone's readiness facts say so
with promo.web.readiness_changed, and after their transaction commits the dashboards
request a refresh of those people's snapshots.

Requests go through an outbox (promo/dashboards/outbox.py): a broker outage delays a
refresh, never loses it, and costs the change at most one short timeout a minute. Nothing
else asks: a login, a password change or a bulk update no service made requests nothing,
and the hourly refresh of everyone (snapshots_refresh_all) covers time passing.
"""

from promo.dashboards.outbox import refresh_request
from promo.web.readiness_changed import on_readiness_changed


def refresh_after_change(person_ids):
    refresh_request(person_ids=person_ids)


def connect():
    """Called once when the app is ready (promo.apps)."""
    on_readiness_changed(refresh_after_change)
