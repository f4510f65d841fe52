"""Quick capture in the browser: chips appear while typing, one Save makes it count."""

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINE = "Shipped retry budgets #cross !strong yesterday https://git.example/pr/7"


def test_typing_shows_chips_and_one_save_counts_it_on_a_phone(new_page, world):
    page = new_page(width=375, height=800)
    log_in(page, world.owner)
    page.goto("/evidence/week/")
    line = page.get_by_label("Quick capture")
    line.click()
    page.locator("#capture-criteria option").first.wait_for(state="attached")
    # fill() sends one input event, as a paste would; the preview is debounced anyway.
    line.fill(LINE + " #nope")
    chips = page.get_by_role("list", name="Read from your line")
    chips.get_by_text("#leverage Cross-team leverage and influence").wait_for()
    expect(chips.get_by_text("Strength: strong")).to_be_visible()
    expect(chips.get_by_text("Link: git.example/pr/7")).to_be_visible()
    expect(chips.get_by_text("Counts as evidence")).to_be_visible()
    expect(page.get_by_text("#nope is not a criterion of your ladder")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, "quick-capture-chips-375", full_page=False)

    # Fixing the line clears the warning; one Save and it counts.
    line.fill(LINE)
    line.dispatch_event("input")
    page.get_by_text("#nope is not a criterion").wait_for(state="detached")
    page.get_by_role("button", name="Capture", exact=True).click()
    page.get_by_text("Saved “Shipped retry budgets” as evidence.").wait_for()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    assert page.url.endswith("/evidence/week/")  # htmx kept us on the page
    assert_accessible(page)

    page.goto("/evidence/?criterion=leverage&draft=no")
    expect(page.get_by_role("link", name="Shipped retry budgets")).to_be_visible()


def test_undo_right_after_saving_moves_it_to_the_trash(page, world):
    log_in(page, world.owner)
    line = page.get_by_label("Quick capture")
    line.fill("Oops, wrong line #scope")
    page.get_by_role("button", name="Capture", exact=True).click()
    page.get_by_role("button", name="Undo").click()
    page.get_by_text("Undone: “Oops, wrong line” is in your trash.").wait_for()
    page.goto("/evidence/trash/")
    expect(page.get_by_text("Oops, wrong line").first).to_be_visible()
