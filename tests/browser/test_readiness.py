from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evidence.models import Artifact
from promo.readiness.checkins.services import checkins_plan_for
from tests.browser.conftest import log_in
from tests.promo.readiness.helpers import artifact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_heatmap_cell_opens_its_evidence_and_a_checkin_is_recorded(page, world):
    today = date.today()
    artifact(world.owner, today, tags={"vision": "exemplary"}, title="Payments vision")
    shipped = today - timedelta(days=45)
    item = artifact(world.owner, shipped, tags={"impact": "strong"}, shipped_on=shipped)
    checkins_plan_for(item)
    log_in(page, world.owner)
    page.goto(reverse("readiness"))
    page.locator(f'svg.heatmap a[aria-label^="Long-term vision, {today:%B %Y}"]').click()
    page.wait_for_url("**/evidence/?*")
    expect(page.get_by_role("link", name="Payments vision")).to_be_visible()
    page.goto(reverse("readiness"))
    page.locator(".due-checkins").get_by_role("link", name=item.title).click()
    page.get_by_label("Outcome").fill("Refund tickets fell by a third.")
    page.get_by_role("button", name="Record the check-in").click()
    page.wait_for_url(f"**{reverse('checkins_due')}")
    expect(page.get_by_text("Recorded the check-in")).to_be_visible()


def test_the_readiness_page_holds_at_375px(new_page, world):
    page = new_page(width=375, height=800)
    log_in(page, world.owner)
    page.goto(reverse("readiness"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


LEVERAGE = "Cross-team leverage and influence"


def _yesterday(person):
    return timezone.localdate(timezone=person.zone) - timedelta(days=1)


def test_a_capture_on_the_readiness_page_fills_its_heatmap_cell_in_place(page, world):
    """The spec's journey: one line from /case/readiness/, and the leverage cell of
    yesterday's month fills without leaving the page."""
    log_in(page, world.owner)
    page.goto(reverse("readiness"))
    yesterdays = {_yesterday(world.owner)}

    def cell(month, words):
        return page.locator(f'svg.heatmap a[aria-label="{LEVERAGE}, {month:%B %Y}: {words}"]')

    expect(cell(min(yesterdays), "no evidence")).to_have_count(1)
    page.evaluate("window.stillThisPage = true")  # gone if the browser navigated
    page.get_by_label("Quick capture").fill(
        "Shipped retry budgets #cross !strong yesterday https://git.example/pr/7"
    )
    page.get_by_role("button", name="Capture", exact=True).click()
    page.get_by_text("Saved “Shipped retry budgets” as evidence.").wait_for()
    # "Yesterday" is the server's reading, in the owner's zone; across a midnight during
    # the test either day is right, and the cell checked is that day's month.
    yesterdays.add(_yesterday(world.owner))
    happened_on = Artifact.objects.get(title="Shipped retry budgets").happened_on
    assert happened_on in yesterdays
    filled = cell(happened_on, "1 piece, strongest strong")
    expect(filled).to_have_count(1)
    expect(filled.locator("rect")).to_have_class("heat heat-strong")
    assert page.evaluate("window.stillThisPage") is True
    assert page.url.endswith(reverse("readiness"))
