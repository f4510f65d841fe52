"""The personal export in a real browser: asked for on the profile page, a progress bar
while a real worker packs it, then the download, with and without JavaScript."""

import uuid
import zipfile

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from promo.celery import app
from tests.browser.conftest import log_in
from tests.portability.factories import everything_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = f"portability-browser-{uuid.uuid4().hex[:12]}"
    previous, app.conf.task_default_queue = app.conf.task_default_queue, queue
    yield queue
    app.conf.task_default_queue = previous


def _ask(page, world):
    log_in(page, world.owner)
    page.goto("/me/profile/")
    page.get_by_role("button", name="Export my data").click()
    expect(page.get_by_role("heading", name="Your data export")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()


def test_the_progress_bar_gives_way_to_the_download(page, world, own_queue, tmp_path):
    everything_of(world)
    _ask(page, world)
    with start_worker(app, perform_ping_check=False, shutdown_timeout=10, queues=[own_queue]):
        link = page.get_by_role("link", name="Download promo-export-")
        expect(link).to_be_visible(timeout=60_000)  # htmx polling, no reload
    expect(page.locator("progress")).to_have_count(0)
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "export.zip"
    download.value.save_as(path)
    names = zipfile.ZipFile(path).namelist()
    assert "promo-export.json" in names and "brag.md" in names


def test_without_javascript_the_page_refreshes_itself(new_page, world, own_queue):
    page = new_page(javascript=False)
    _ask(page, world)
    with start_worker(app, perform_ping_check=False, shutdown_timeout=10, queues=[own_queue]):
        expect(page.get_by_role("link", name="Download promo-export-")).to_be_visible(
            timeout=60_000
        )
