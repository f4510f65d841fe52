"""Journey 6: a person sets a quiet period for their vacation, then unsubscribes from a
kind of nudge: once from the preferences page, once from the link in a nudge email (which
needs no login). All of it is plain forms, so it runs with JavaScript off as well."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from promo.nudges.tokens import unsubscribe_token
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
LOG_WINS = "Log your wins"


def _kind(page):
    return page.locator("fieldset", has=page.locator("legend", has_text=LOG_WINS))


@JAVASCRIPT
def test_6_a_quiet_period_and_no_more_log_your_wins_nudges(new_page, world, javascript):
    first, last = date.today() + timedelta(days=7), date.today() + timedelta(days=20)
    page = new_page(javascript=javascript)
    log_in(page, world.owner)

    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="Preferences").click()
    # A half-filled period is refused and nothing typed is lost.
    page.get_by_label("Quiet period (vacation) from").fill(first.isoformat())
    page.get_by_role("button", name="Save preferences").click()
    page.get_by_text("A quiet period needs both a first and a last day.").wait_for()
    assert page.get_by_label("Quiet period (vacation) from").input_value() == first.isoformat()

    page.get_by_label("Quiet period until").fill(last.isoformat())
    _kind(page).get_by_label("Send me these").uncheck()
    page.get_by_role("button", name="Save preferences").click()

    page.goto(reverse("nudge_preferences"))
    assert page.get_by_label("Quiet period until").input_value() == last.isoformat()
    assert not _kind(page).get_by_label("Send me these").is_checked()
    if javascript:
        screenshot(page, "notification-preferences")


@JAVASCRIPT
def test_6_the_unsubscribe_link_in_an_email_works_without_logging_in(new_page, world, javascript):
    page = new_page(javascript=javascript)
    page.goto(reverse("nudge_unsubscribe", args=[unsubscribe_token(world.owner, "log_wins")]))
    page.get_by_role("heading", name=f"Unsubscribe from “{LOG_WINS}”?").wait_for()
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="Unsubscribed").wait_for()

    log_in(page, world.owner)
    page.goto(reverse("nudge_preferences"))
    assert not _kind(page).get_by_label("Send me these").is_checked()
