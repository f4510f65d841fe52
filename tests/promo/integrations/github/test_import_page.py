"""The import on the GitHub page: asking for it, its progress as an htmx fragment and as
a plain page, and one run end to end on a real Celery worker."""

import time
import uuid
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Artifact
from promo.celery import app
from promo.integrations.github.models import GitHubBackfill
from promo.integrations.github.services import github_link_by_staff

Status = GitHubBackfill.Status


def test_the_page_shows_the_import_form_once_a_token_is_saved(client, importer):
    client.force_login(importer)
    page = client.get(reverse("github_settings")).content.decode()
    assert "Import my merged pull requests" in page and "Remove the token" in page


def test_a_date_in_the_future_is_refused_and_kept(client, importer):
    client.force_login(importer)
    response = client.post(reverse("github_import"), {"since": "2999-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "not in the future" in page and 'value="2999-01-01"' in page
    assert not GitHubBackfill.objects.exists()


def test_a_second_import_waits_for_the_first(client, importer):
    GitHubBackfill.objects.create(person=importer, since=date(2026, 1, 1))
    client.force_login(importer)
    response = client.post(reverse("github_import"), {"since": "2026-01-01"})
    assert "already under way" in response.content.decode()
    assert GitHubBackfill.objects.count() == 1


def test_progress_is_a_fragment_for_htmx_and_part_of_the_page_without(client, importer):
    GitHubBackfill.objects.create(
        person=importer, since=date(2026, 10, 1), status=Status.RUNNING, pages_read=2, found=7
    )
    client.force_login(importer)
    fragment = client.get(reverse("github_settings"), headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert text.lstrip().startswith('<div id="import-status"') and "<html" not in text
    assert 'hx-trigger="every 2s"' in text and "2 pages read, 7 pull requests found" in text
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]
    page = client.get(reverse("github_settings")).content.decode()
    assert "<html" in page and "Check again" in page  # without JavaScript: reload


def test_a_finished_import_stops_polling(client, importer):
    GitHubBackfill.objects.create(
        person=importer, since=date(2026, 10, 1), status=Status.DONE, created=3
    )
    client.force_login(importer)
    text = client.get(reverse("github_settings"), headers={"HX-Request": "true"}).content
    assert b"hx-trigger" not in text and b"3 new drafts" in text


def test_the_page_costs_the_same_queries_with_one_import_or_many(client, importer):
    client.force_login(importer)
    GitHubBackfill.objects.create(person=importer, since=date(2026, 10, 1))
    client.get(reverse("github_settings"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("github_settings"))
    for _ in range(5):
        GitHubBackfill.objects.create(person=importer, since=date(2026, 10, 1))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("github_settings"))
    assert len(many) == len(one), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_page_of_someone_not_linked_offers_to_link(client, world):
    client.force_login(world.other_engineer)
    page = client.get(reverse("github_settings")).content.decode()
    assert "Link this login" in page and "Import my merged" not in page


@pytest.mark.django_db(transaction=True)
def test_an_import_runs_on_a_real_worker_and_reschedules_itself(client, world, fake_github):
    """No eager mode: the request publishes on commit; a real worker reads three pages,
    pauses on a rate limit by publishing itself again with a countdown, and finishes while
    the page polls."""
    from tests.promo.integrations.github.fake_github import TOKEN

    github_link_by_staff(person=world.owner, login="Codertocat", by=world.staff)
    client.force_login(world.owner)
    client.post(reverse("github_token"), {"token": TOKEN})
    fake_github.answer_next("/search/issues", 403, {"Retry-After": "1"})
    queue = f"github-import-{uuid.uuid4().hex[:12]}"
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue  # the first step and the rescheduled one alike
    try:
        response = client.post(reverse("github_import"), {"since": "2026-10-01"})
        assert response.status_code == 302
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10, queues=[queue]):
            deadline = time.monotonic() + 90  # a loaded 2-core CI box
            while time.monotonic() < deadline:
                fragment = client.get(
                    reverse("github_settings"), headers={"HX-Request": "true"}
                ).content.decode()
                if "Done" in fragment or "Failed" in fragment:
                    break
                time.sleep(0.3)
    finally:
        app.conf.task_default_queue = previous_queue
    job = GitHubBackfill.objects.get()
    assert job.status == Status.DONE, job.message
    assert (job.pauses, job.pages_read, job.created) == (1, 3, 5)
    assert "5 new drafts" in fragment and "hx-trigger" not in fragment
    assert Artifact.objects.filter(owner=world.owner, is_draft=True).count() == 5
