"""Capture from anywhere in a real browser: a phone's Share opening the capture line, the
installable app's service worker, and the bookmarklet clicked on another page."""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import BrowserProblems, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PR = "https://git.example/org/app/pull/7"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_share_to_promo_fills_the_line_and_saves_the_win(new_page, world):
    page = new_page(width=375, height=800)
    log_in(page, world.owner)
    # What a phone opens for "Share → promo": the manifest's share_target with its params.
    query = urlencode({"title": "Shipped retry budgets", "text": "#cross !strong", "url": PR})
    page.goto(f"/capture/share/?{query}")
    line = page.get_by_label("Quick capture")
    expect(line).to_have_value(f"Shipped retry budgets #cross !strong {PR}")
    chips = page.get_by_role("list", name="Read from your line")
    expect(chips.get_by_text("Link: git.example/org/app/pull/7")).to_be_visible()
    expect(chips.get_by_text("Counts as evidence")).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)

    page.get_by_role("button", name="Capture", exact=True).click()
    page.get_by_text("Saved “Shipped retry budgets” as evidence.").wait_for()
    page.goto("/evidence/")
    expect(page.get_by_role("link", name="Shipped retry budgets")).to_be_visible()


def test_the_profiles_from_anywhere_section_fits_a_phone(new_page, world):
    page = new_page(width=375, height=800)
    log_in(page, world.owner)
    page.goto("/me/profile/")
    page.get_by_role("button", name="Turn on the calendar feed").click()
    expect(page.get_by_label("Calendar feed address")).to_have_value(
        re.compile(r"^http://localhost:\d+/calendar/[\w-]+\.ics$")
    )
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("link", name="Back to your profile").click()
    expect(page.get_by_role("button", name="Reset the address")).to_be_visible()
    page.get_by_text("The bookmark’s address, to copy").click()
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)


def test_the_service_worker_registers_for_the_whole_site(new_page, world):
    page = new_page()
    log_in(page, world.owner)
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == page.evaluate("location.origin") + "/"
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href, {credentials: 'omit'})"
        ".then((r) => r.json())"
    )
    assert manifest["share_target"]["action"] == "/capture/share/"
    # Under the worker, pages and plain form posts (CSRF included) still reach the server.
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    log_in(page, world.owner)
    expect(page.get_by_role("link", name="My evidence")).to_be_visible()


def test_the_bookmarklet_opens_the_share_page_from_another_page(new_page, world, live_server):
    page = new_page()
    log_in(page, world.owner)
    page.goto("/me/profile/")
    link = page.get_by_role("link", name="Capture in promo")
    # Clicked on promo's own page it only explains itself (our CSP would refuse it).
    link.click()
    expect(page.get_by_text("Drag the link to your bookmarks bar")).to_be_visible()
    code = link.get_attribute("href")
    page.get_by_text("The bookmark’s address, to copy").click()
    expect(page.get_by_label("Bookmark address")).to_have_value(code)
    assert_accessible(page)

    page.goto("about:blank")  # another page, with no http address to keep
    page.set_content("<title>Merged: fix the flaky deploy</title><p>A pull request</p>")
    with page.context.expect_page() as opened:
        page.evaluate(code.removeprefix("javascript:"))
    shared = opened.value
    shared.wait_for_load_state()
    expect(shared.get_by_label("Quick capture")).to_have_value("Merged: fix the flaky deploy")
    assert shared.url.startswith(f"{live_server.url}/capture/share/?")


def test_offline_a_page_says_so_and_nothing_was_cached(browser, live_server, world):
    """Its own context: being offline makes the console report the failed fetch and the
    503, which new_page would count as problems; here they are the expected ones."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    problems = BrowserProblems(page)
    try:
        log_in(page, world.owner)
        page.evaluate("navigator.serviceWorker.ready")
        page.reload()  # now under the worker
        context.set_offline(True)
        page.goto("/evidence/")
        expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
        assert page.evaluate("caches.keys()") == []
        context.set_offline(False)
        page.reload()
        expect(page.get_by_role("heading", name="My evidence")).to_be_visible()
    finally:
        context.close()
    expected = ("ERR_INTERNET_DISCONNECTED", "status of 503")
    assert problems.messages
    assert all(any(e in m for e in expected) for m in problems.messages), problems.messages
