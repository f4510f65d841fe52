"""The API tokens page and the ready-made uses, as people use them: a token made on the
page, the README's curl line run in a shell, and the bookmarklet clicked on a page."""

import json
import subprocess

import pytest
from playwright.sync_api import expect

from evidence.models import Artifact
from promo.api.recipes import bookmarklet, curl_log_win
from promo.api.services import token_create
from tests.browser.a11y import axe_violations
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_new_token_and_the_curl_line_log_a_win(page, world, live_server):
    log_in(page, world.owner)
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("terminal")
    page.get_by_label("evidence:write: Log and change my evidence").check()
    page.get_by_role("button", name="Make token").click()
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("promo_")
    assert not axe_violations(page)

    done = subprocess.run(
        ["bash", "-c", curl_log_win(live_server.url)],
        env={"PROMO_TOKEN": secret, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert json.loads(done.stdout)["title"] == "Shipped the new checkout"
    page.goto("/evidence/")
    expect(page.get_by_role("link", name="Shipped the new checkout")).to_be_visible()


def test_the_tokens_page_fits_a_phone(new_page, world):
    token_create(owner=world.owner, name="a rather long name for a token", scopes=["evidence:read"])
    page = new_page(width=375, height=800)
    log_in(page, world.owner)
    page.goto("/settings/tokens/")
    assert page.evaluate(OVERFLOW) <= 0


def test_the_bookmarklet_logs_the_page_it_is_clicked_on(new_page, world, live_server):
    """Clicked on a page that is not promo's, it calls the API across origins with the
    token, as a bookmark would. (The page has no http address, so no link is kept; the
    link of an http page is kept as any link is: tests/api/test_evidence.py.)"""
    _, secret = token_create(owner=world.owner, name="bookmarklet", scopes=["evidence:write"])
    page = new_page()
    page.set_content("<title>Merged: fix the flaky deploy</title><p>A pull request</p>")
    with page.expect_event("dialog") as said:
        page.evaluate(bookmarklet(live_server.url, secret).removeprefix("javascript:"))
    assert said.value.message == "Logged to promo"
    said.value.accept()
    artifact = Artifact.objects.get(owner=world.owner)
    assert (artifact.title, artifact.is_draft) == ("Merged: fix the flaky deploy", True)


def test_the_api_docs_page_shows_the_ready_made_uses(page, world):
    log_in(page, world.owner)
    page.goto("/api/v1/docs")
    page.get_by_text("Ready-made uses").wait_for()
    expect(page.get_by_text("A git post-merge hook")).to_be_visible()
