"""Brag-doc import through its pages: paste or upload, preview, untick, confirm."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Artifact
from promo.models import ImportedWin
from tests.evidence.test_xss import PAYLOADS, audit

DOC = """\
# Brag document 2026

## 2026-03
- 2026-03-04 Shipped retry budgets #cross
  - p99 went from 420 ms to 180 ms
- Ran the payments incident review #nope

## April 2026
### Project Atlas
- Led the migration off the old queue
"""
RETRY, REVIEW, ATLAS = (
    "Shipped retry budgets",
    "Ran the payments incident review #nope",
    "Led the migration off the old queue",
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def text(response):
    return unescape(response.content.decode())


def preview(client, document=DOC, **files):
    return client.post(reverse("bragdoc_import"), {"text": document, **files})


def offered(response):
    """The preview's checkboxes: win key -> the title beside it."""
    html = response.content.decode()
    found = re.findall(r'name="win" value="([0-9a-f]{64})"[^>]*> <strong>([^<]*)</strong>', html)
    return {key: unescape(title) for key, title in found}


def confirmation(response):
    html = response.content.decode()
    return {
        "text": unescape(re.search(r'name="text" value="([^"]*)"', html, re.S).group(1)),
        "signature": re.search(r'name="signature" value="([^"]+)"', html).group(1),
    }


def confirm(client, response, titles):
    """Confirm the preview in `response` with only the wins titled `titles` ticked."""
    keys = [key for key, title in offered(response).items() if title in titles]
    return client.post(reverse("bragdoc_import_confirm"), {**confirmation(response), "win": keys})


def test_the_page_offers_paste_and_upload(world, client):
    client.force_login(world.owner)
    html = text(client.get(reverse("bragdoc_import")))
    assert "Paste your brag document" in html and 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html


def test_the_preview_lists_every_win_and_saves_nothing(world, client):
    client.force_login(world.owner)
    response = preview(client)
    html = text(response)
    assert response.status_code == 200
    assert set(offered(response).values()) == {RETRY, REVIEW, ATLAS}
    assert "3 wins found" in html
    assert "Wed 4 Mar 2026" in html and "Wed 1 Apr 2026" in html
    assert "#leverage Cross-team leverage and influence" in html
    assert "Project: Project Atlas" in html
    assert "#nope is not a criterion of your ladder; it stays in the title." in html
    assert html.count(" checked>") == 3  # everything ticked to start with
    assert not Artifact.all_objects.exists()


def test_confirming_imports_exactly_the_ticked_wins(world, client):
    client.force_login(world.owner)
    response = confirm(client, preview(client), {RETRY, ATLAS})
    assert response.status_code == 302 and response["Location"] == reverse("evidence_list")
    retry, atlas = Artifact.objects.order_by("happened_on")
    assert (retry.title, retry.is_draft, retry.owner) == (RETRY, False, world.owner)
    assert list(retry.tags.values_list("criterion__slug", "strength")) == [("leverage", "signal")]
    assert retry.body == "- p99 went from 420 ms to 180 ms"
    assert (atlas.title, atlas.is_draft, atlas.body) == (ATLAS, True, "Project: Project Atlas")
    assert str(atlas.happened_on) == "2026-04-01"
    assert retry.revisions.count() == 1  # made through the service, with its first revision
    page = text(client.get(reverse("evidence_list")))
    assert "Imported 2 wins from your brag document: 1 as evidence and 1 as draft" in page
    assert RETRY in page and ATLAS in page and "incident review" not in page


def test_importing_the_same_document_again_adds_nothing(world, client):
    client.force_login(world.owner)
    first = preview(client)
    confirm(client, first, {RETRY, ATLAS})
    again = preview(client)
    assert set(offered(again).values()) == {REVIEW}
    assert text(again).count("already imported") == 2
    # The old preview posted again (a second tab, a double click) adds nothing either.
    response = confirm(client, first, {RETRY, ATLAS})
    assert response.status_code == 200 and "Tick at least one win" in text(response)
    assert Artifact.objects.count() == ImportedWin.objects.count() == 2


def test_a_document_near_the_limit_in_any_script_can_be_confirmed(world, client):
    """The confirmation posts the text back: multipart, so it is not three times larger."""
    client.force_login(world.owner)
    wins = "".join(f"- 2026-03-04 改进了检索排名 {i} " + "字" * 640 + "\n" for i in range(500))
    assert 0.9 * 1024 * 1024 < len(wins.encode()) < 1024 * 1024
    response = preview(client, wins)
    assert 'action="/import/brag-doc/confirm/" enctype="multipart/form-data"' in text(response)
    keys = list(offered(response))[:2]
    data = {**confirmation(response), "win": keys}
    assert len(urlencode(data, doseq=True)) > django_settings.MAX_REQUEST_BYTES  # why multipart
    confirmed = client.post(reverse("bragdoc_import_confirm"), data)  # multipart, as the page
    assert confirmed.status_code == 302 and Artifact.objects.count() == 2


def test_a_document_whose_wins_are_all_imported_says_so(world, client):
    client.force_login(world.owner)
    confirm(client, preview(client), {RETRY, REVIEW, ATLAS})
    html = text(preview(client))
    assert "Every win in this document is imported already." in html
    assert "Import ticked wins" not in html


def test_unticking_everything_imports_nothing_and_keeps_the_preview(world, client):
    client.force_login(world.owner)
    response = confirm(client, preview(client), set())
    assert response.status_code == 200
    html = text(response)
    assert "Tick at least one win to import it." in html
    assert set(offered(response).values()) == {RETRY, REVIEW, ATLAS}
    assert " checked>" not in html
    assert not Artifact.all_objects.exists()


def test_a_changed_document_is_not_imported(world, client):
    client.force_login(world.owner)
    data = confirmation(preview(client))
    data["text"] += "- 2026-03-05 Invented a win\n"
    response = client.post(reverse("bragdoc_import_confirm"), {**data, "win": ["0" * 64]})
    html = text(response)
    assert "This preview is out of date or was changed, so nothing was imported." in html
    assert "Invented a win" in html  # the text is kept, to preview again
    assert not Artifact.all_objects.exists()


def test_someone_elses_preview_cannot_be_confirmed(world, client):
    client.force_login(world.owner)
    response = preview(client)
    client.force_login(world.other_engineer)
    refused = confirm(client, response, {RETRY})
    assert "This preview is out of date or was changed" in text(refused)
    assert not Artifact.all_objects.exists()


def test_each_person_imports_into_their_own_evidence_only(world, client):
    client.force_login(world.owner)
    confirm(client, preview(client), {RETRY})
    client.force_login(world.manager)
    response = preview(client)
    assert RETRY in offered(response).values()  # the owner's import is not the manager's
    confirm(client, response, {RETRY})
    owners = sorted(Artifact.objects.values_list("owner__email", flat=True))
    assert owners == sorted([world.owner.email, world.manager.email])


def test_an_uploaded_markdown_file_is_read_and_shown_for_editing(world, client):
    client.force_login(world.owner)
    upload = SimpleUploadedFile("brag.md", ("\ufeff" + DOC).encode(), "text/markdown")
    response = preview(client, "", file=upload)
    assert set(offered(response).values()) == {RETRY, REVIEW, ATLAS}
    assert "Led the migration off the old queue</textarea>" in text(response).replace("\n", "")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "“brag.md” is not a text file."),
        ("- Résumé café".encode("latin-1"), "“brag.md” is not UTF-8 text"),
        (b"- x\n" * 300_000, "“brag.md” is 1.1\xa0MB; a brag document can be at most 1.0\xa0MB."),
    ],
    ids=["binary", "not-utf8", "over-1mb"],
)
def test_a_file_promo_cannot_read_is_refused_and_the_pasted_text_kept(
    world, client, content, message
):
    client.force_login(world.owner)
    pasted = "## 2026-03\n- Something I typed by hand"
    response = preview(client, pasted, file=SimpleUploadedFile("brag.md", content))
    html = text(response)
    assert response.status_code == 200 and message in html
    assert "Something I typed by hand</textarea>" in html
    assert not Artifact.all_objects.exists()


def test_an_upload_over_the_request_cap_gets_the_413_page_with_advice(world, client):
    client.force_login(world.owner)
    big = SimpleUploadedFile("brag.md", b"- win\n" * (5 * 1024 * 1024 // 6))
    assert big.size > django_settings.MAX_REQUEST_BYTES
    response = preview(client, "", file=big)
    html = text(response)
    assert response.status_code == 413
    assert "Nothing was saved" in html
    assert "A brag document can be at most 1.0\xa0MB: split it and import each part." in html
    assert not Artifact.all_objects.exists()


def test_pasted_text_over_the_limit_is_refused_and_kept(world, client):
    client.force_login(world.owner)
    pasted = "- win\n" * 200_000
    html = text(preview(client, pasted))
    assert "That document is 1.1\xa0MB; promo imports at most 1.0\xa0MB at a time." in html


def test_a_document_without_bullets_says_what_promo_reads_and_keeps_the_text(world, client):
    client.force_login(world.owner)
    html = text(preview(client, "# My year\n\nI did many things, in prose."))
    assert "No wins found. promo reads each bullet" in html
    assert "I did many things, in prose.</textarea>" in html


def test_an_empty_form_asks_for_a_document(world, client):
    client.force_login(world.owner)
    html = text(client.post(reverse("bragdoc_import"), {}))
    assert "Paste your brag document, or choose its file." in html


def test_a_confirmation_without_a_preview_imports_nothing(world, client):
    client.force_login(world.owner)
    html = text(client.post(reverse("bragdoc_import_confirm"), {}))
    assert "Nothing to import here: paste or upload a document." in html


def test_wrong_methods_are_refused(world, client):
    client.force_login(world.owner)
    assert client.get(reverse("bragdoc_import_confirm")).status_code == 405
    assert client.put(reverse("bragdoc_import")).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.post(reverse("bragdoc_import"), {"text": DOC})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _preview_queries(client, document):
    preview(client, document)  # the session warm, as on any later request
    with CaptureQueriesContext(connection) as queries:
        response = preview(client, document)
    assert response.status_code == 200
    return len(queries)


def test_the_preview_costs_the_same_with_one_win_or_many(world, client):
    client.force_login(world.owner)
    one = "## 2026-03\n- Shipped retry budgets #cross #nope\n"
    many = "## 2026-03\n" + "".join(f"- Win number {i} #cross #nope\n" for i in range(200))
    confirm(client, preview(client, "## 2026-03\n- Win number 7 #cross\n"), {"Win number 7"})
    assert _preview_queries(client, many) == _preview_queries(client, one)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_markup_in_a_document_stays_text_in_the_preview_and_the_evidence(
    world, client, payload
):
    client.force_login(world.owner)
    document = (
        f"## {payload}\n- 2026-03-04 Shipped {payload} #{payload}\n  - detail {payload}\n"
        f"- 2026-03-05 Plain win [x]({payload})\n"
    )
    response = preview(client, document)
    assert audit(response.content.decode()) == []
    confirm(client, response, set(offered(response).values()))
    assert Artifact.objects.count() == 2
    for artifact in Artifact.objects.all():
        page = client.get(reverse("evidence_detail", args=[artifact.pk]))
        assert audit(page.content.decode()) == [], artifact.title
    assert audit(client.get(reverse("evidence_list")).content.decode()) == []
