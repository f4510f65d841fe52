"""The staff page that imports people: pasted or uploaded, checked, then applied."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from promo.models import AuditEntry, User
from promo.org.csv_import import COLUMNS
from tests.promo.org.csv_files import BAD_FILE, GOOD_FILE

URL = "staff_people_import"


def _page(response):
    # Sizes are written with a no-break space ("1.0\xa0MB").
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def test_the_page_documents_every_column(client, world):
    client.force_login(world.staff)
    page = _page(client.get(reverse(URL)))
    assert all(f"<code>{column}</code>" in page for column in COLUMNS)
    assert "Check (dry run)" in page and "at most 1.0 MB" in page


def test_the_people_page_links_to_the_import(client, world):
    client.force_login(world.staff)
    assert reverse(URL) in client.get(reverse("staff_people")).content.decode()


def test_a_dry_run_lists_bad_rows_and_keeps_the_pasted_text(client, world):
    client.force_login(world.staff)
    before = User.objects.count(), AuditEntry.objects.count()
    response = client.post(reverse(URL), {"csv_text": BAD_FILE, "action": "check"})
    assert response.status_code == 200
    page = _page(response)
    assert "8 problems: nothing was written" in page
    assert "<td>3</td><td>Unknown manager nobody@example.com" in page
    assert "<td>4</td><td>The management chain loops" in page
    assert BAD_FILE.splitlines()[-1] in page  # the text box still holds the file
    assert (User.objects.count(), AuditEntry.objects.count()) == before


def test_an_uploaded_file_with_bad_rows_comes_back_in_the_text_box(client, world):
    client.force_login(world.staff)
    upload = SimpleUploadedFile("people.csv", BAD_FILE.encode(), content_type="text/csv")
    page = _page(client.post(reverse(URL), {"csv_file": upload, "action": "apply"}))
    assert "8 problems: nothing was written" in page
    assert "kim@example.com,Kim,Payments,L5,nobody@example.com,,yes" in page
    assert not User.objects.filter(email="new.lead@example.com").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is a binary file, not CSV text"),
        (b"email,display_name\nzo\xe9@example.com,Zo\xe9\n", "Line 2: Bytes that are not UTF-8"),
    ],
)
def test_an_upload_that_is_not_text_is_refused_clearly(client, world, content, message):
    client.force_login(world.staff)
    upload = SimpleUploadedFile("people.csv", content)
    response = client.post(reverse(URL), {"csv_file": upload, "action": "check"})
    assert response.status_code == 200 and message in _page(response)


def test_a_file_over_the_import_limit_is_refused_with_its_size(client, world, settings):
    settings.PEOPLE_IMPORT_MAX_BYTES = 2048
    client.force_login(world.staff)
    big = GOOD_FILE + "\n" * 3000
    upload = SimpleUploadedFile("people.csv", big.encode())
    page = _page(client.post(reverse(URL), {"csv_file": upload, "action": "apply"}))
    assert "promo imports at most 2.0 KB at once. Split it" in page
    pasted = _page(client.post(reverse(URL), {"csv_text": big, "action": "apply"}))
    assert "promo imports at most 2.0 KB at once" in pasted
    assert not User.objects.filter(email="ivy@example.com").exists()


def test_a_request_over_the_body_cap_gets_the_413_page_with_advice(client, world, settings):
    settings.MAX_REQUEST_BYTES = 4096
    client.force_login(world.staff)
    upload = SimpleUploadedFile("people.csv", b"email\n" + b"a@example.com\n" * 1000)
    response = client.post(reverse(URL), {"csv_file": upload})
    assert response.status_code == 413
    assert "Split the CSV into smaller files" in _page(response)


def test_nothing_to_import_is_said(client, world):
    client.force_login(world.staff)
    page = _page(client.post(reverse(URL), {"csv_text": "  ", "action": "check"}))
    assert "Choose a CSV file or paste its text." in page


def test_a_good_dry_run_says_what_would_change_and_writes_nothing(client, world):
    client.force_login(world.staff)
    page = _page(client.post(reverse(URL), {"csv_text": GOOD_FILE, "action": "check"}))
    assert "Dry run: nothing written yet" in page
    assert "would create 2, update 2 and leave 1 unchanged. New teams: Platform." in page
    assert "level: L5 → L6" in page
    assert not User.objects.filter(email="ivy@example.com").exists()


def test_applying_says_what_changed(client, world):
    client.force_login(world.staff)
    page = _page(client.post(reverse(URL), {"csv_text": GOOD_FILE, "action": "apply"}))
    assert "Created 2, updated 2, unchanged 1. New teams: Platform." in page
    assert "manager: maya@example.com → ivy@example.com" in page
    assert User.objects.get(email="jon@example.com").manager.email == "ivy@example.com"
    again = _page(client.post(reverse(URL), {"csv_text": GOOD_FILE, "action": "apply"}))
    assert "Created 0, updated 0, unchanged 5." in again


def test_only_staff_reach_the_page(client, world):
    url = reverse(URL)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for name, person in world.personas().items():
        client.force_login(person)
        expected = 200 if name == "staff" else 403
        assert client.get(url).status_code == expected, name
        response = client.post(url, {"csv_text": GOOD_FILE, "action": "apply"})
        assert response.status_code == expected, name
    assert User.objects.filter(email="ivy@example.com").count() == 1  # staff's POST only


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, world, method):
    client.force_login(world.staff)
    assert getattr(client, method)(reverse(URL)).status_code == 405


def test_markup_in_the_file_is_shown_as_text(client, world):
    client.force_login(world.staff)
    text = "email,display_name\n<script>alert(1)</script>,<b>Bold</b>\n"
    page = client.post(reverse(URL), {"csv_text": text, "action": "check"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "<b>Bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
