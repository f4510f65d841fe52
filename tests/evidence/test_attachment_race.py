"""Parallel uploads cannot pass the attachment limit: run against the real PostgreSQL."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from evidence.attachments import MAX_ATTACHMENTS
from evidence.models import ArtifactAttachment
from tests.conftest import require
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
            start.wait(timeout=60)
            file = SimpleUploadedFile(f"notes-{index}.txt", b"hello")
            pages[index] = client.post(url, {"file": file}, follow=True).content.decode()
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "uploads still running after 120 s"
    return pages


@pytest.mark.django_db(transaction=True)
def test_parallel_uploads_store_exactly_the_limit(world):
    require(connection.vendor == "postgresql", "the row lock under test needs PostgreSQL")
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
