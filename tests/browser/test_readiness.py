from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

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
