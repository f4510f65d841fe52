"""Journey 1: an engineer logs a week of wins with quick capture, keeps them as drafts
with !draft, completes two on Friday, opens the heatmap and sees the cells change."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.journeys.steps import heat_cell, open_heatmap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEEK = [
    "Unblocked the payments migration #scope !draft",
    "Cut checkout p99 from 420 ms to 200 ms #impact !draft",
    "Paired with Sam on the on-call runbook #growing-others !draft",
    "Split the ledger module into three services #scope !draft",
]


def capture(page, line):
    page.get_by_label("Quick capture").fill(line)
    page.get_by_role("button", name="Capture", exact=True).click()
    title = line.split(" #")[0]
    page.get_by_text(f"Saved “{title}” as a draft").first.wait_for()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_week_of_quick_captures_shows_on_the_heatmap(new_page, world, javascript):
    # Quick capture is a plain form that htmx enhances, so this runs without JavaScript too.
    page = new_page(javascript=javascript)
    log_in(page, world.owner)
    open_heatmap(page)
    assert heat_cell(page, "Scope and complexity").endswith("no evidence")

    # Monday to Thursday: one line each, from whatever page is open.
    if javascript:  # the #criterion completions load on first focus
        page.get_by_label("Quick capture").click()
        page.locator("#capture-criteria option").first.wait_for(state="attached")
    for line in WEEK:
        capture(page, line)

    # Friday: the drafts are waiting in This week; completing two makes them count.
    page.get_by_role("link", name="This week").click()
    for title in [
        "Unblocked the payments migration",
        "Split the ledger module into three services",
    ]:
        expect(page.get_by_text(title).first).to_be_visible()
    for title in [
        "Unblocked the payments migration",
        "Split the ledger module into three services",
    ]:
        page.goto("/evidence/?draft=yes&criterion=scope")
        page.get_by_role("link", name=title).click()
        page.get_by_role("link", name="Edit", exact=True).click()
        page.get_by_label("Still a draft").uncheck()
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_role("heading", name=title).wait_for()

    open_heatmap(page)
    assert "2 pieces" in heat_cell(page, "Scope and complexity")
    # The #growing-others line is still a draft: drafts never count.
    assert heat_cell(page, "Growing others").endswith("no evidence")
