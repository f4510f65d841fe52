"""Exports: Markdown, the print page and the PDF, each with its evidence appendix and
never a private artifact's title."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reviews import export, services
from reviews.models import ExportJob
from reviews.sections import SUMMARY
from reviews.tasks import render_pdf
from tests.reviews.factories import artifact, drafted_document, shared_round
from tests.workers import poll_while_a_worker_runs, publishing_to_a_queue_of_its_own


@pytest.fixture
def cited(world):
    document = drafted_document(world, evidence=False)
    shown = artifact(
        world.owner,
        "Ledger rewrite",
        impact="Refunds settle in 2 s, not 2 days.",
        visibility="mentors",
    )
    shown.metrics = "p99 settlement time"
    shown.save(update_fields=["metrics"])
    secret = artifact(world.owner, "Secret reorg", visibility="private", impact="Hush.")
    body = (
        f"Led the ledger rewrite [evidence:{shown.pk}], "
        f"quietly helped [evidence:{secret.pk}]. Ünïcode ✓"
    )
    services.draft_save(document=document, bodies={SUMMARY: body}, base_version=1, by=world.owner)
    review_round = shared_round(world, document=document)
    return review_round.version, shown, secret


def test_markdown_export_numbers_citations_into_the_appendix(client, world, cited):
    version, shown, secret = cited
    client.force_login(world.owner)
    response = client.get(
        reverse("reviews_export_markdown", args=[version.document_id, version.number])
    )
    text = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="promo-doc-v1.md"'
    assert "Led the ledger rewrite [E1], quietly helped [E2]." in text
    assert "## Evidence appendix" in text
    assert "E1. Ledger rewrite" in text and "Impact: Refunds settle in 2 s" in text
    assert "Metrics: p99 settlement time" in text
    assert "E2. Private evidence (not included)." in text
    assert "Secret reorg" not in text and "Hush" not in text  # not even for its owner


def test_the_print_page_is_standalone_with_the_appendix(client, world, cited):
    version, _, _ = cited
    client.force_login(world.mentor)
    page = client.get(
        reverse("reviews_export_print", args=[version.document_id, version.number])
    ).content.decode()
    assert "Evidence appendix" in page and "Ledger rewrite" in page
    assert "Secret reorg" not in page and "Private evidence (not included)." in page
    assert "site-header" not in page and "data-print" in page


def test_the_pdf_task_stores_a_pdf_with_the_appendix(world, cited):
    version, _, _ = cited
    job = ExportJob.objects.create(version=version, requested_by=world.mentor)
    render_pdf(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(job.content)).pages)
    assert "Evidence appendix" in text and "Ledger rewrite" in text
    assert "[E1]" in text and "Private evidence (not included)." in text
    assert "Secret reorg" not in text and "Ünïcode ✓" in text
    render_pdf(job.pk)  # a second delivery leaves the finished job alone
    job.refresh_from_db()
    assert job.status == "done"


def test_the_pdf_falls_back_to_a_builtin_font_without_dejavu(world, cited, monkeypatch, tmp_path):
    version, _, _ = cited
    monkeypatch.setattr(export, "DEJAVU", tmp_path)
    content = export.as_pdf(version, world.owner)
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Ledger rewrite" in text


def test_a_pdf_is_only_downloaded_by_who_asked_once_ready(client, world, cited):
    version, _, _ = cited
    job = ExportJob.objects.create(version=version, requested_by=world.owner)
    client.force_login(world.owner)
    assert client.get(reverse("reviews_export_download", args=[job.pk])).status_code == 404
    render_pdf(job.pk)
    response = client.get(reverse("reviews_export_download", args=[job.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(world.mentor)
    assert client.get(reverse("reviews_export_download", args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_pdf_renders_on_a_real_worker_while_the_page_polls(client, world, cited):
    """No eager mode: the request enqueues on commit, a real worker consumes the broker
    message, and the htmx fragment polls until it offers the download."""
    version, _, _ = cited
    client.force_login(world.owner)
    with publishing_to_a_queue_of_its_own("reviews-export") as queue:
        response = client.post(
            reverse("reviews_export_pdf", args=[version.document_id, version.number])
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("reviews_export", args=[job.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting
    fragment = poll_while_a_worker_runs(client, reverse("reviews_export", args=[job.pk]), queue)
    assert "Your PDF is ready" in fragment and "hx-trigger" not in fragment
    assert "<html" not in fragment
    download = client.get(reverse("reviews_export_download", args=[job.pk]))
    assert download.content.startswith(b"%PDF")
