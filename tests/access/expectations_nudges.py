from django.utils import timezone

from promo.models import Notification, NudgeClaim
from promo.nudges.tokens import unsubscribe_token
from tests.access.rules import Rule, get_only, signed_in, staff_only, statuses


def owners_notification(world):
    notification = Notification.objects.create(
        recipient=world.owner, kind="log_wins", title="Log this week's wins"
    )
    return {"pk": notification.pk}


def owners_unsubscribe_link(world):
    return {"token": unsubscribe_token(world.owner, "log_wins")}


def a_failed_claim(world):
    claim = NudgeClaim.objects.create(
        person=world.owner,
        kind="log_wins",
        period="2026-W01",
        status=NudgeClaim.Status.FAILED,
        enqueued_at=timezone.now(),
    )
    return {"pk": claim.pk}


RULES = {
    "notifications": get_only(signed_in(200)),
    "notifications_badge": get_only(signed_in(200)),
    "notifications_read_all": Rule(get=signed_in(405), post=signed_in(302)),
    "notification_read": Rule(
        get=signed_in(405),
        post=signed_in(404, owner=302),
        kwargs=owners_notification,
        note="only the recipient may know a notification exists",
    ),
    "nudge_preferences": Rule(get=signed_in(200), post=signed_in(302)),
    "nudge_unsubscribe": Rule(
        get=statuses(200),
        post=statuses(200),
        kwargs=owners_unsubscribe_link,
        note="the signed token is the credential; no login, one-click POST",
    ),
    "staff_nudges": staff_only(post=405),
    "staff_nudges_plan": staff_only(get=405, post=302),
    "staff_nudge_retry": staff_only(get=405, post=302, kwargs=a_failed_claim),
    "staff_nudge_thresholds": staff_only(),
}
