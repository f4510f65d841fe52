"""Rows for capture from anywhere (share page, installable app) and the calendar feed."""

from promo.integrations.calendar.services import calendar_feed_reset
from tests.access.rules import Rule, get_only, signed_in, statuses


def owners_feed_key(world):
    return {"key": calendar_feed_reset(person=world.owner)}


RULES = {
    "capture_share": get_only(signed_in(200), note="always the signed-in person's own line"),
    "web_manifest": get_only(statuses(200), note="browsers fetch it without cookies"),
    "service_worker": get_only(statuses(200), note="browsers fetch it without cookies"),
    "calendar_feed": get_only(
        statuses(200),
        kwargs=owners_feed_key,
        note="the secret address is the credential: calendar apps cannot sign in",
    ),
    "calendar_feed_reset": Rule(
        get=signed_in(405), post=signed_in(200), note="always one's own; shows the new address"
    ),
    "calendar_feed_off": Rule(get=signed_in(405), post=signed_in(302)),
}
