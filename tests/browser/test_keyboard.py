"""Capture, commenting and navigation from the keyboard alone: after logging in, these
tests only press keys (Tab, typing, Enter), never click."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.journeys.steps import focused_is, focused_text_is, tab_to
from tests.reviews.factories import open_threads, shared_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_navigation_and_quick_capture_by_keyboard(page, world):
    log_in(page, world.owner)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"

    tab_to(page, focused_text_is("My evidence"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('evidence_list')}")

    tab_to(page, focused_is("#capture-line"))
    page.keyboard.type("Wrote the on-call handbook #growing-others")
    page.keyboard.press("Enter")
    # Tagged, it counts at once; wait for the saved message's own link.
    page.get_by_role("link", name="Open it").wait_for()
    # The message's link is next in the tab order, so the artifact is one key away.
    tab_to(page, focused_text_is("Open it"), limit=5)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Wrote the on-call handbook").wait_for()


def test_commenting_by_keyboard(page, world):
    review_round = shared_round(world)
    open_threads(review_round, world.mentor, 1)
    log_in(page, world.mentor)
    page.goto(reverse("reviews_round", args=[review_round.pk]))

    # A thread opens its reply form from a link; the form takes the focus.
    tab_to(page, focused_text_is("Reply"), limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("article.thread textarea[name=body]")).to_be_focused()
    page.keyboard.type("Agreed, and add the numbers.")
    tab_to(page, focused_text_is("Reply"), limit=3)
    page.keyboard.press("Enter")
    page.locator("article.thread", has_text="Agreed, and add the numbers.").wait_for()

    tab_to(page, focused_is("#new-thread textarea"), limit=200)
    page.keyboard.type("The summary needs a headline number.")
    tab_to(page, focused_text_is("Comment"), limit=3)
    page.keyboard.press("Enter")
    page.locator("article.thread", has_text="The summary needs a headline number.").wait_for()
