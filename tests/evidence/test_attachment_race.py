"""Parallel uploads cannot pass the attachment limit: run against the real PostgreSQL."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from evidence.attachments import MAX_ATTACHMENTS
from evidence.models import ArtifactAttachment
from tests.evidence.factories import attached, saved_artifact

PARALLEL = 40


def post_in_parallel(person, url, count):
    """`count` uploads, each from its own thread and database connection, released together."""
    start = threading.Barrier(count)
    pages = [None] * count

    def upload(index):
        client = Client()
        client.force_login(person)
        try:
            start.wait()
            file = SimpleUploadedFile(f"notes-{index}.txt", b"hello")
            pages[index] = client.post(url, {"file": file}, follow=True).content.decode()
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return pages


@pytest.mark.django_db(transaction=True)
def test_parallel_uploads_store_exactly_the_limit(world):
    artifact = saved_artifact(world.owner)
    url = reverse("evidence_attach", args=[artifact.pk])

    pages = post_in_parallel(world.owner, url, PARALLEL)

    assert ArtifactAttachment.objects.filter(artifact=artifact).count() == MAX_ATTACHMENTS
    refused = [page for page in pages if f"at most {MAX_ATTACHMENTS} attachments" in page]
    attached_pages = [page for page in pages if "Attached “notes-" in page]
    assert len(refused) == PARALLEL - MAX_ATTACHMENTS
    assert len(attached_pages) == MAX_ATTACHMENTS
    assert all("Remove one first, or link to the file instead" in page for page in refused)


def test_a_full_artifact_refuses_one_more_and_keeps_what_it_has(world, client):
    artifact = saved_artifact(world.owner)
    for index in range(MAX_ATTACHMENTS):
        attached(artifact, name=f"n{index}.txt")
    client.force_login(world.owner)
    page = client.post(
        reverse("evidence_attach", args=[artifact.pk]),
        {"file": SimpleUploadedFile("one-more.txt", b"x")},
        follow=True,
    ).content.decode()
    assert "“one-more.txt” was not attached: an artifact can have at most 20" in page
    assert artifact.attachments.count() == MAX_ATTACHMENTS
