"""Asking for a personal export from the profile, watching it, and downloading it: only
its owner, and only for 24 hours."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from promo.models import AuditEntry
from promo.portability.models import PersonalExport
from promo.portability.services import personal_exports_purge_expired
from promo.portability.tasks import build_export
from tests.portability.factories import everything_of
from tests.promo.test_profile import PINNED as PROFILE_QUERIES
from tests.workers import poll_while_a_worker_runs, publishing_to_a_queue_of_its_own


def _asked(client, person):
    client.force_login(person)
    response = client.post(reverse("portability_export_new"))
    export = PersonalExport.objects.filter(person=person).get()
    assert response["Location"] == reverse("portability_export", args=[export.pk])
    return export


def test_the_profile_page_offers_the_export(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("profile")).content.decode()
    assert "Your data" in page and reverse("portability_export_new") in page


def test_asking_is_written_to_the_audit_log(client, world):
    export = _asked(client, world.owner)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DATA_EXPORTED)
    assert entry.actor_id == entry.subject_id == world.owner.pk
    assert entry.target_id == str(export.pk)


def test_the_waiting_page_polls_and_works_without_javascript(client, world):
    export = _asked(client, world.owner)
    page = client.get(reverse("portability_export", args=[export.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "Check again" in page
    fragment = client.get(
        reverse("portability_export", args=[export.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.strip().startswith('<div id="progress"') and "<html" not in fragment


def test_only_its_owner_downloads_it(client, world):
    export = _asked(client, world.owner)
    download = reverse("portability_export_download", args=[export.pk])
    assert client.get(download).status_code == 404  # not ready yet
    build_export(export.pk)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert response["Content-Disposition"].startswith('attachment; filename="promo-export-')
    for persona in (world.manager, world.mentor, world.staff, world.other_engineer):
        client.force_login(persona)
        assert client.get(download).status_code == 404
        assert client.get(reverse("portability_export", args=[export.pk])).status_code == 404


def test_the_link_dies_after_24_hours_and_the_file_is_purged(client, world):
    export = _asked(client, world.owner)
    build_export(export.pk)
    export.refresh_from_db()
    finished = export.finished_at
    assert export.is_downloadable(now=finished + timedelta(hours=23, minutes=59))
    assert not export.is_downloadable(now=finished + timedelta(hours=24))
    PersonalExport.objects.filter(pk=export.pk).update(finished_at=finished - timedelta(hours=24))
    assert client.get(reverse("portability_export_download", args=[export.pk])).status_code == 404
    page = client.get(reverse("portability_export", args=[export.pk])).content.decode()
    assert "24 hours have passed" in page
    storage, name = export.file.storage, export.file.name
    lost = PersonalExport.objects.create(person=world.owner, created_at=finished)
    later = finished + timedelta(hours=1)
    kept = PersonalExport.objects.create(person=world.owner, created_at=later)
    assert personal_exports_purge_expired(now=finished + timedelta(hours=24, minutes=1)) == 2
    assert not storage.exists(name)
    assert list(PersonalExport.objects.all()) == [kept] and lost.pk != kept.pk


def test_a_task_delivered_twice_packs_once(world):
    export = PersonalExport.objects.create(person=world.owner)
    build_export(export.pk)
    export.refresh_from_db()
    first = export.file.name
    build_export(export.pk)
    export.refresh_from_db()
    assert export.status == "done" and export.file.name == first


def test_asking_needs_a_post(client, world):
    client.force_login(world.owner)
    assert client.get(reverse("portability_export_new")).status_code == 405


@pytest.mark.parametrize("rows", [1, 12])
def test_the_profile_page_query_count_holds(client, world, django_assert_num_queries, rows):
    for _ in range(rows):
        PersonalExport.objects.create(person=world.owner)
    client.force_login(world.owner)
    client.get(reverse("profile"))
    with django_assert_num_queries(PROFILE_QUERIES):  # with the recent exports (five at most)
        page = client.get(reverse("profile")).content.decode()
    assert page.count('<li><a href="/me/exports/') == min(rows, 5)


@pytest.mark.django_db(transaction=True)
def test_the_export_packs_on_a_real_worker_while_the_page_polls(client, world):
    """No eager mode: the request enqueues on commit, a real worker consumes the broker
    message, and the htmx fragment polls until it offers the download."""
    everything_of(world)
    with publishing_to_a_queue_of_its_own("portability") as queue:
        export = _asked(client, world.owner)
    url = reverse("portability_export", args=[export.pk])
    fragment = poll_while_a_worker_runs(client, url, queue)
    assert "Your export is ready" in fragment and "hx-trigger" not in fragment
    download = client.get(reverse("portability_export_download", args=[export.pk]))
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert timezone.now() < PersonalExport.objects.get().expires_at


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_costs_a_second_and_says_to_ask_again(client, world, broken_broker):
    """With production's publish timeouts: the request returns at once, and the export
    says it could not start rather than waiting forever (asking again is harmless)."""
    client.force_login(world.owner)
    started = time.monotonic()
    response = client.post(reverse("portability_export_new"))
    elapsed = time.monotonic() - started
    assert elapsed < 2.5, f"the request waited {elapsed:.1f}s on a {broken_broker} broker"
    export = PersonalExport.objects.get()
    assert export.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "could not start the export just now. Ask for it again" in page
    assert "<progress" not in page and "every 1s" not in page


def test_asking_again_while_one_packs_returns_it(client, world):
    first = _asked(client, world.owner)
    assert client.post(reverse("portability_export_new"))["Location"] == reverse(
        "portability_export", args=[first.pk]
    )
    assert PersonalExport.objects.count() == 1


def test_an_export_whose_worker_died_stops_the_waiting_and_offers_a_new_one(client, world):
    lost = _asked(client, world.owner)
    PersonalExport.objects.filter(pk=lost.pk).update(
        status="running", created_at=timezone.now() - timedelta(minutes=16)
    )
    page = client.get(reverse("portability_export", args=[lost.pk])).content.decode()
    assert "This export did not finish." in page and "every 1s" not in page
    assert "<noscript><meta" not in page
    again = client.post(reverse("portability_export_new"))
    assert again["Location"] != reverse("portability_export", args=[lost.pk])
