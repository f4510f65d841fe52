"""Hostile input: redirects off-site, spreadsheet formulas, mail headers, lying uploads."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import ArtifactAttachment
from promo.models import NudgeClaim
from promo.nudges.kinds import Message
from promo.nudges.letters import Letter
from promo.web.csv_export import csv_response, neutralise
from tests.factories import UserFactory
from tests.reviews.factories import artifact

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "https:evil.example",
    "http://testserver.evil.example/",
    "javascript:alert(1)",
    "\\\\evil.example",
    "/\\evil.example",
]
EVIL = "Olive\r\nBcc: attacker@evil.example\nX-Injected: yes"


# --- Open redirect through `next` -------------------------------------------------------


@pytest.mark.parametrize("target", OFF_SITE)
def test_quick_capture_refuses_to_redirect_off_site(client, world, target):
    client.force_login(world.owner)
    response = client.post(reverse("quick_capture"), {"line": "Fixed the build", "next": target})
    assert response.status_code == 302
    assert response["Location"].startswith("/evidence/"), response["Location"]


def test_quick_capture_follows_a_local_next(client, world):
    client.force_login(world.owner)
    response = client.post(reverse("quick_capture"), {"line": "Fixed the build", "next": "/case/"})
    assert response["Location"] == "/case/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_logging_in_never_lands_off_site(client, world, target):
    world.owner.set_password("correct horse battery staple")
    world.owner.save()
    response = client.post(
        reverse("login") + "?next=x",
        {"username": world.owner.email, "password": "correct horse battery staple", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript:")


# --- CSV formula injection --------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", FORMULAS)
def test_every_formula_trigger_is_neutralised(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("harmless", ["Olive Owner", "", None, 42, "a=b", "L5 - L6"])
def test_harmless_cells_are_left_alone(harmless):
    assert neutralise(harmless) == ("" if harmless is None else str(harmless))


def test_a_csv_download_has_no_cell_a_spreadsheet_would_run():
    response = csv_response("x.csv", ["=name", "level"], [[p, "L5"] for p in FORMULAS])
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    assert len(rows) == len(FORMULAS) + 1
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


# --- Header injection in emails ---------------------------------------------------------


def _headers(message):
    return message.message().as_string().split("\n\n", 1)[0]


def test_a_nudge_with_a_hostile_title_keeps_its_subject_on_one_line(world):
    world.owner.display_name = EVIL
    world.owner.save()
    claim = NudgeClaim.objects.create(person=world.owner, kind="log_wins", period="2026-W48")
    message = Message(title=EVIL, path="/case/", template="nudges/log_wins")
    headers = _headers(Letter(claim, message).email_for(claim.person, claim.kind))
    assert "\nBcc:" not in headers and "\nX-Injected:" not in headers
    assert "Subject: Olive Bcc: attacker@evil.example X-Injected: yes" in headers


def test_a_password_reset_for_a_hostile_display_name_sends_one_clean_mail(client, db):
    UserFactory(display_name=EVIL, email="olive@example.com")
    response = client.post(reverse("password_reset"), {"email": "olive@example.com"})
    assert response.status_code == 302
    [sent] = mail.outbox
    headers = _headers(sent)
    assert "\nBcc:" not in headers and "\nX-Injected:" not in headers
    assert sent.recipients() == ["olive@example.com"]


def test_a_password_reset_with_an_injected_email_sends_nothing(client, db):
    UserFactory(email="olive@example.com")
    response = client.post(
        reverse("password_reset"), {"email": "olive@example.com\r\nBcc: attacker@evil.example"}
    )
    assert response.status_code in (200, 302)
    assert not [m for m in mail.outbox if "attacker@evil.example" in m.recipients()]


# --- Uploads ----------------------------------------------------------------------------


def _attach(client, work, upload):
    return client.post(reverse("evidence_attach", args=[work.pk]), {"file": upload}, follow=True)


def test_an_html_file_claiming_to_be_an_image_is_refused(client, world):
    work = artifact(world.owner, "Design doc")
    client.force_login(world.owner)
    upload = SimpleUploadedFile("shot.html", b"<script>alert(1)</script>", "image/png")
    page = _attach(client, work, upload).content.decode()
    assert "is not a file type promo keeps" in page
    assert not ArtifactAttachment.objects.exists()


def test_a_script_in_a_png_is_served_as_a_png_download_never_as_a_page(client, world):
    work = artifact(world.owner, "Design doc")
    client.force_login(world.owner)
    upload = SimpleUploadedFile("shot.png", b"<html><script>alert(1)</script>", "text/html")
    _attach(client, work, upload)
    attachment = ArtifactAttachment.objects.get()
    assert attachment.content_type == "image/png"
    client.force_login(world.manager)
    response = client.get(reverse("evidence_attachment", args=[work.pk, attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_oversized_upload_is_refused_with_the_limit_and_nothing_kept(client, world, settings):
    settings.EVIDENCE_ATTACHMENT_MAX_BYTES = 1024
    work = artifact(world.owner, "Design doc")
    client.force_login(world.owner)
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * 4096, "application/pdf")
    response = _attach(client, work, upload)
    page = response.content.decode()
    assert response.status_code == 200
    assert "attachments can be at most 1.0\xa0KB" in page
    assert not ArtifactAttachment.objects.exists()
