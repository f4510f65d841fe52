"""GitHub capture as an engineer uses it: link the account by the challenge, save a token,
import past pull requests and watch the progress poll to the end, on a real worker."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from evidence.models import Artifact
from promo.celery import app
from tests.browser.a11y import axe_violations
from tests.browser.conftest import log_in
from tests.promo.integrations.github.fake_github import TOKEN, FakeGitHub

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fake_github(httpserver, settings):
    settings.GITHUB_API_URL = httpserver.url_for("").rstrip("/")
    return FakeGitHub(httpserver)


def test_link_verify_and_import_with_the_page_polling(page, world, fake_github):
    log_in(page, world.owner)
    page.goto("/me/profile/")
    page.get_by_role("link", name="GitHub account and imports").click()
    page.get_by_label("GitHub login").fill("Codertocat")
    page.get_by_role("button", name="Link this login").click()
    fake_github.account["bio"] = "Hello. " + page.locator("#challenge").inner_text()
    assert not axe_violations(page)
    page.get_by_role("button", name="Verify Codertocat").click()
    expect(page.locator("#account-heading + p")).to_contain_text("Linked to Codertocat")
    page.get_by_label("Personal access token").fill(TOKEN)
    page.get_by_role("button", name="Save the token").click()

    queue = f"github-browser-{uuid.uuid4().hex[:12]}"
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10, queues=[queue]):
            page.get_by_label("Merged since").fill("2026-10-01")
            page.get_by_role("button", name="Import my merged pull requests").click()
            # No reload: htmx polls the status fragment until the import is done.
            expect(page.locator("#import-status")).to_contain_text("Done", timeout=60_000)
    finally:
        app.conf.task_default_queue = previous_queue
    expect(page.locator("#import-status")).to_contain_text("5 new drafts")
    assert not axe_violations(page)
    assert Artifact.objects.filter(owner=world.owner, is_draft=True).count() == 5


def test_without_javascript_the_import_is_followed_by_reloading(new_page, world, fake_github):
    from promo.integrations.github.backfill import backfill_step
    from promo.integrations.github.models import GitHubBackfill
    from promo.integrations.github.services import github_link_by_staff, github_token_save

    github_link_by_staff(person=world.owner, login="Codertocat", by=world.staff)
    github_token_save(person=world.owner, token=TOKEN, by=world.owner)
    page = new_page(javascript=False)
    log_in(page, world.owner)
    page.goto("/me/github/")
    page.get_by_label("Merged since").fill("2026-10-01")
    page.get_by_role("button", name="Import my merged pull requests").click()
    expect(page.locator("#import-status")).to_contain_text("Waiting to start")
    # No worker listens here: the step runs in the test, as the worker would.
    backfill_step(job_id=GitHubBackfill.objects.get().pk)
    page.get_by_role("link", name="Check again").click()
    expect(page.locator("#import-status")).to_contain_text("5 new drafts")
    expect(page.get_by_role("link", name="See your drafts")).to_be_visible()
