"""Real-browser fixtures: Debian's Chromium driven by Playwright against a live server."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.conftest import require

CHROMIUM = Path("/usr/bin/chromium")
# The README's pictures. Only `PROMO_SCREENSHOTS=1` (`make screenshots`) writes them; any
# other run writes to a temporary folder so ordinary test runs never dirty the git tree.
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the live server and the ORM
# calls the tests make are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class BrowserProblems:
    """Console errors, uncaught exceptions and CSP violations seen by a page."""

    def __init__(self, page):
        self.messages = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))

    def _console(self, message):
        if message.type == "error":
            self.messages.append(f"console error: {message.text}")


@pytest.fixture
def new_page(browser, live_server):
    """Make pages at a given viewport; every page must end with no console error."""
    contexts, watchers = [], []

    def make(width=1280, height=900, javascript=True):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        watchers.append(BrowserProblems(page))
        return page

    yield make
    for context in contexts:
        context.close()
    problems = [m for watcher in watchers for m in watcher.messages]
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page):
    return new_page()


def log_in(page, person, password=None):
    from django.conf import settings

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(password or settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def screenshot_folder():
    if os.environ.get("PROMO_SCREENSHOTS") == "1":
        return DOCS_SCREENSHOTS
    return Path(tempfile.gettempdir()) / "promo-screenshots"


def screenshot(page, name, *, full_page=True):
    """Save a picture of the whole page, or of only what the window shows; into
    docs/screenshots/ only under PROMO_SCREENSHOTS=1."""
    folder = screenshot_folder()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)
