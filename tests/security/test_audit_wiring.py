"""Every app records reads of someone else's things, shares, deletes and restores."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from evidence.attachments import attachment_add
from evidence.models import TRASH_DAYS, Artifact
from evidence.revisions import snapshot_of
from evidence.services import (
    artifact_purge_expired,
    artifact_restore,
    artifact_restore_revision,
    artifact_trash,
    artifact_update,
)
from promo.models import AuditEntry
from tests.reviews.factories import artifact, drafted_document, shared_round

A = AuditEntry.Action


def _entries(action):
    return list(AuditEntry.objects.filter(action=action))


def _get(client, who, url):
    client.force_login(who)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


# --- Reads --------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["manager", "mentor", "staff"])
def test_someone_else_opening_evidence_is_recorded(client, world, viewer):
    work = artifact(world.owner, "Cut p99 latency")
    who = getattr(world, viewer)
    _get(client, who, reverse("evidence_detail", args=[work.pk]))
    _get(client, who, reverse("evidence_list") + f"?person={world.owner.pk}")
    entries = _entries(A.EVIDENCE_VIEWED)
    assert len(entries) == 2
    assert {(e.actor_id, e.subject_id) for e in entries} == {(who.pk, world.owner.pk)}
    assert {e.target_id for e in entries} == {str(work.pk), ""}


def test_the_owner_reading_their_own_evidence_records_nothing(client, world):
    work = artifact(world.owner, "Cut p99 latency")
    _get(client, world.owner, reverse("evidence_detail", args=[work.pk]))
    _get(client, world.owner, reverse("evidence_list"))
    _get(client, world.owner, reverse("readiness"))
    assert not AuditEntry.objects.exists()


def test_a_refused_read_records_nothing(client, world):
    private = artifact(world.owner, "Secret", visibility="private")
    client.force_login(world.manager)
    assert client.get(reverse("evidence_detail", args=[private.pk])).status_code == 404
    assert not AuditEntry.objects.exists()


def test_downloading_someone_elses_attachment_is_an_export(client, world):
    work = artifact(world.owner, "Design doc")
    upload = SimpleUploadedFile("notes.txt", b"plain words", content_type="text/plain")
    attachment = attachment_add(artifact=work, upload=upload, by=world.owner)
    client.force_login(world.mentor)
    response = client.get(reverse("evidence_attachment", args=[work.pk, attachment.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    (entry,) = _entries(A.EVIDENCE_EXPORTED)
    assert entry.actor_id == world.mentor.pk and entry.subject_id == world.owner.pk
    # Named by id: a file name can say as much as a title (tests/promo/test_audit_titles.py).
    assert entry.detail == f"Downloaded attachment #{attachment.pk}"


def test_a_manager_opening_a_readiness_page_is_recorded(client, world):
    _get(client, world.manager, reverse("person_readiness", args=[world.owner.pk]))
    (entry,) = _entries(A.EVIDENCE_VIEWED)
    assert entry.actor_id == world.manager.pk and entry.detail == "Readiness page"


def test_reviewers_reading_and_exporting_a_draft_are_recorded(client, world):
    review_round = shared_round(world)
    document = review_round.document
    number = review_round.version.number
    for url in (
        reverse("reviews_document", args=[document.pk]),
        reverse("reviews_version", args=[document.pk, number]),
        reverse("reviews_round", args=[review_round.pk]),
        reverse("reviews_diff", args=[document.pk]),
    ):
        _get(client, world.mentor, url)
    views = _entries(A.DRAFT_VIEWED)
    assert len(views) == 4
    assert {(e.actor_id, e.subject_id, e.target_id) for e in views} == {
        (world.mentor.pk, world.owner.pk, str(document.pk))
    }
    _get(client, world.mentor, reverse("reviews_export_markdown", args=[document.pk, number]))
    _get(client, world.mentor, reverse("reviews_export_print", args=[document.pk, number]))
    assert [e.detail for e in _entries(A.DRAFT_EXPORTED)] == [
        f"Version {number} as a print page",
        f"Version {number} as Markdown",
    ]


def test_the_engineer_reading_their_own_draft_records_nothing(client, world):
    review_round = shared_round(world)
    _get(client, world.owner, reverse("reviews_document", args=[review_round.document.pk]))
    _get(client, world.owner, reverse("reviews_round", args=[review_round.pk]))
    assert not AuditEntry.objects.exclude(action=A.SHARED).exists()


def test_who_viewed_my_case_shows_real_views(client, world):
    work = artifact(world.owner, "Cut p99 latency")
    _get(client, world.manager, reverse("evidence_detail", args=[work.pk]))
    page = _get(client, world.owner, reverse("case_viewers")).content.decode()
    assert "Maya Manager" in page and "Viewed evidence" in page


@pytest.mark.parametrize("views", [1, 30])
def test_who_viewed_my_case_query_count_holds_with_real_views(
    client, world, django_assert_num_queries, views
):
    work = artifact(world.owner, "Cut p99 latency")
    client.force_login(world.mentor)
    for _ in range(views):
        client.get(reverse("evidence_detail", args=[work.pk]))
    client.force_login(world.owner)
    # 8 (the navigation asks both roles in one statement), +1 to look up the titles of the
    # evidence named (the owner's own: no relations).
    with django_assert_num_queries(9):
        assert client.get(reverse("case_viewers")).status_code == 200


# --- Shares ---------------------------------------------------------------------------


def _update(work, **changes):
    data = {**snapshot_of(work), **changes}
    data.pop("links", None)
    return artifact_update(artifact=work, data=data, expected_version=work.version, by=work.owner)


def test_widening_evidence_visibility_is_a_share(world):
    work = artifact(world.owner, "Cut p99 latency", visibility="private")
    _update(work, visibility="mentors")
    (entry,) = _entries(A.SHARED)
    assert entry.subject_id == world.owner.pk and entry.target_id == str(work.pk)
    assert "mentors" in entry.detail


def test_narrowing_or_keeping_visibility_is_not_a_share(world):
    work = artifact(world.owner, "Cut p99 latency", visibility="mentors_and_manager")
    _update(work, visibility="mentors")
    _update(work, title="Cut p99 latency by half")
    assert not _entries(A.SHARED)


def test_publishing_a_shared_draft_is_a_share(world):
    work = artifact(world.owner, "Half written", visibility="mentors", is_draft=True)
    _update(work, is_draft=False)
    assert len(_entries(A.SHARED)) == 1


def test_sharing_a_draft_for_review_names_the_reviewers(world):
    review_round = shared_round(world, include_manager=True)
    (entry,) = _entries(A.SHARED)
    assert entry.actor_id == world.owner.pk
    assert entry.target_id == str(review_round.document.pk)
    assert "Pia Principal" in entry.detail and "Maya Manager" in entry.detail


def test_a_refused_share_records_nothing(world):
    document = drafted_document(world, evidence=False)
    document.draft = [{**s, "body": ""} for s in document.draft]
    document.save()
    with pytest.raises(Exception):  # noqa: B017 - the service's own validation error
        shared_round(world, document=document)
    assert not _entries(A.SHARED)


# --- Deletes and restores -------------------------------------------------------------


def test_trash_restore_and_purge_are_recorded(world):
    work = artifact(world.owner, "Cut p99 latency")
    artifact_trash(artifact=work, by=world.owner)
    artifact_restore(artifact=work, by=world.owner)
    artifact_trash(artifact=work, by=world.owner)
    Artifact.all_objects.filter(pk=work.pk).update(
        deleted_at=timezone.now() - timedelta(days=TRASH_DAYS + 1)
    )
    assert artifact_purge_expired() == 1
    actions = [(e.action, e.actor_id) for e in AuditEntry.objects.order_by("id")]
    assert actions == [
        (A.DELETED, world.owner.pk),
        (A.RESTORED, world.owner.pk),
        (A.DELETED, world.owner.pk),
        (A.DELETED, None),
    ]
    assert AuditEntry.objects.order_by("id").last().target_id == str(work.pk)


def test_restoring_a_revision_is_recorded(world):
    work = artifact(world.owner, "First title")
    from evidence.services import _record_revision

    _record_revision(work, world.owner)
    first = work.revisions.get()
    _update(work, title="Second title")
    artifact_restore_revision(artifact=work, revision=first, by=world.owner)
    (entry,) = _entries(A.RESTORED)
    assert f"Restored version {first.version}" in entry.detail


def test_the_entry_rolls_back_with_the_delete(world):
    work = artifact(world.owner, "Cut p99 latency")
    with pytest.raises(RuntimeError), transaction.atomic():
        artifact_trash(artifact=work, by=world.owner)
        raise RuntimeError("the request failed later")
    assert not AuditEntry.objects.exists()
    assert Artifact.objects.filter(pk=work.pk).exists()


def test_the_trash_view_records_the_delete(client, world):
    work = artifact(world.owner, "Cut p99 latency")
    client.force_login(world.owner)
    client.post(reverse("evidence_delete", args=[work.pk]))
    client.post(reverse("evidence_restore", args=[work.pk]))
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [A.DELETED, A.RESTORED]
