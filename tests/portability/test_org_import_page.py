"""The staff page that imports an organisation export: the command's import, uploaded."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from promo.models import AuditEntry, Ladder, User
from tests.factories import UserFactory
from tests.portability.factories import everything_with_an_outcome
from tests.portability.roundtrip import empty_promo, export_organisation_zip, export_zip

URL = "staff_import"


def _page(response):
    # Sizes are written with a no-break space ("500.0\xa0MB").
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def _upload(path, name="organisation.zip"):
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/zip")


@pytest.fixture
def exported(world, tmp_path):
    everything_with_an_outcome(world)
    path = tmp_path / "organisation.zip"
    export_organisation_zip(path)
    return path


def _importer(**fields):
    """A staff member of the new promo, who is not in the file."""
    return UserFactory(display_name="Ada Admin", email="ada@new.example", is_staff=True, **fields)


def test_the_page_offers_the_upload_and_the_staff_pages_link_to_it(client, world):
    client.force_login(world.staff)
    page = _page(client.get(reverse(URL)))
    assert "Import an organisation" in page and 'type="file"' in page
    assert "at most 500.0 MB" in page and "manage.py import_org" in page
    assert reverse(URL) in client.get(reverse("staff_export")).content.decode()


@pytest.mark.parametrize("superuser", [False, True])
def test_staff_import_the_organisation_into_an_empty_promo(client, exported, superuser):
    people = User.objects.count()
    empty_promo()
    importer = _importer(is_superuser=superuser)
    client.force_login(importer)
    response = client.post(reverse(URL), {"archive": _upload(exported)})
    assert response.status_code == 200
    page = _page(response)
    assert f"Imported {people} people, 2 new teams, 1 new ladders" in page
    sam = User.objects.get(email="sam@example.com")
    assert sam.is_staff is superuser and not sam.has_usable_password()
    assert ("imported without staff status" in page) is not superuser
    entry = AuditEntry.objects.get(action="data_imported")
    assert entry.actor == importer and f"Organisation import: {people} people" in entry.detail


def test_people_already_here_are_listed_and_nothing_is_written(client, world, exported):
    client.force_login(world.staff)
    before = User.objects.count(), AuditEntry.objects.count()
    page = _page(client.post(reverse(URL), {"archive": _upload(exported)}))
    assert "1 problem: nothing was imported" in page
    already = f"{before[0]} of the file's people are already in this promo: "
    assert already + "carl@example.com, cora@example.com" in page
    assert (User.objects.count(), AuditEntry.objects.count()) == before


def test_a_corrupted_file_is_refused_with_its_reason(client, exported, tmp_path):
    empty_promo()
    client.force_login(_importer())
    broken = tmp_path / "broken.zip"
    broken.write_bytes(exported.read_bytes()[:200])
    page = _page(client.post(reverse(URL), {"archive": _upload(broken, "broken.zip")}))
    assert "broken.zip is not a readable zip" in page
    assert User.objects.count() == 1 and not Ladder.objects.exists()


def test_a_file_over_the_import_limit_is_refused_before_it_is_opened(client, exported, settings):
    settings.PORTABILITY_IMPORT_MAX_BYTES = 1000
    empty_promo()
    client.force_login(_importer())
    page = _page(client.post(reverse(URL), {"archive": _upload(exported)}))
    assert "an import can be at most 1,000 bytes" in page
    assert User.objects.count() == 1


def test_a_request_over_its_limit_is_refused_unread_with_advice(client, exported, settings):
    settings.PORTABILITY_IMPORT_REQUEST_MAX_BYTES = 1000
    empty_promo()
    client.force_login(_importer())
    response = client.post(reverse(URL), {"archive": _upload(exported)})
    assert response.status_code == 413
    assert "python manage.py import_org FILE.zip" in _page(response)
    assert User.objects.count() == 1


def test_a_personal_export_is_refused(client, world, tmp_path):
    path = tmp_path / "olive.zip"
    export_zip(world.owner, path)
    client.force_login(world.staff)
    page = _page(client.post(reverse(URL), {"archive": _upload(path, "olive.zip")}))
    assert "olive.zip is one person's own export" in page


def test_no_file_keeps_the_form(client, world):
    client.force_login(world.staff)
    response = client.post(reverse(URL), {})
    assert response.status_code == 200
    assert "This field is required." in _page(response)


def test_only_staff_reach_it(client, world):
    client.force_login(world.manager)
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {}).status_code == 403
