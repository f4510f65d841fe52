"""The leaving link: staff deactivate someone, who is emailed a signed link to download
their data without logging in. It works only for them, and for 30 days."""

import html
import re
import time
import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from promo.models import AuditEntry, User
from promo.portability.leaving import leaving_token, person_for_leaving_token
from promo.portability.models import PersonalExport
from promo.portability.tasks import build_export
from tests.portability.factories import everything_of
from tests.promo.test_staff_accounts import _form_data

DAY = 24 * 3600


@pytest.fixture
def left(client, world, django_capture_on_commit_callbacks):
    """The owner, deactivated by staff through the people page; their leaving link."""
    everything_of(world)
    client.force_login(world.staff)
    url = reverse("staff_person_edit", args=[world.owner.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form_data(world.owner, is_active=""), follow=True)
    assert "emailed them a link to download their data" in response.content.decode()
    client.logout()
    [message] = [m for m in mail.outbox if m.to == ["olive@example.com"]]
    return re.search(r"https?://\S+/leaving/\S+/", message.body)[0]


def _path(link):
    return link[link.index("/leaving/") :]


def test_the_leaver_downloads_their_data_without_logging_in(client, world, left):
    page = client.get(_path(left))
    assert page.status_code == 200 and "Prepare my export" in page.content.decode()
    assert client.post(_path(left))["Location"] == _path(left)
    export = PersonalExport.objects.get(person=world.owner)
    waiting = client.get(_path(left)).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting
    client.post(_path(left))  # asking again while one is packing makes no second export
    build_export(export.pk)
    ready = client.get(_path(left), headers={"HX-Request": "true"}).content.decode()
    assert "Your export is ready" in ready and "<html" not in ready
    download = client.get(_path(left) + "download/")
    archive = zipfile.ZipFile(BytesIO(b"".join(download.streaming_content)))
    assert b"Quiet reorg help" in archive.read("promo-export.json")
    assert PersonalExport.objects.count() == 1


def test_sending_and_using_the_link_are_audited(client, world, left):
    sent = AuditEntry.objects.get(action=AuditEntry.Action.DATA_EXPORTED, actor=world.staff)
    assert sent.subject == world.owner and "valid 30 days" in sent.detail
    client.post(_path(left))
    used = AuditEntry.objects.get(action=AuditEntry.Action.DATA_EXPORTED, actor=world.owner)
    assert used.detail.endswith("through their leaving link")


def test_the_link_works_only_for_them(client, world, left):
    for someone in (world.manager, world.staff, world.other_engineer):
        client.force_login(someone)
        assert client.get(_path(left)).status_code == 404
        assert client.post(_path(left)).status_code == 404
    client.logout()
    assert not PersonalExport.objects.exists()
    tampered = _path(left).replace("/leaving/", "/leaving/x")
    assert client.get(tampered).status_code == 404


def test_it_expires_after_30_days(world, monkeypatch):
    world.owner.is_active = False
    world.owner.save(update_fields=["is_active"])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 29 * DAY)
    fresh_enough = leaving_token(world.owner)
    monkeypatch.setattr(time, "time", lambda: now - 31 * DAY)
    too_old = leaving_token(world.owner)
    monkeypatch.setattr(time, "time", lambda: now)
    assert person_for_leaving_token(fresh_enough) == world.owner
    assert person_for_leaving_token(too_old) is None


def test_it_dies_when_the_account_is_active_again_or_the_email_changes(client, world, left):
    token = _path(left).split("/")[2]
    User.objects.filter(pk=world.owner.pk).update(email="olive.new@example.com")
    assert person_for_leaving_token(token) is None
    User.objects.filter(pk=world.owner.pk).update(email="olive@example.com", is_active=True)
    assert person_for_leaving_token(token) is None
    assert client.get(_path(left)).status_code == 404


def test_editing_someone_already_inactive_sends_nothing(client, world):
    world.owner.is_active = False
    world.owner.save(update_fields=["is_active"])
    client.force_login(world.staff)
    url = reverse("staff_person_edit", args=[world.owner.pk])
    client.post(url, _form_data(world.owner, display_name="Olive O."))
    assert not mail.outbox


def _day(moment, zone=None):
    return date_format(timezone.localtime(moment, zone), "j F Y")


def test_staff_and_the_leaver_are_told_when_private_data_goes(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    url = reverse("staff_person_edit", args=[world.owner.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form_data(world.owner, is_active=""), follow=True)
    world.owner.refresh_from_db()
    deadline = world.owner.private_data_deleted_after
    assert deadline - world.owner.deactivated_at == timedelta(days=30)
    saved = html.unescape(response.content.decode())
    assert f"will be deleted after {_day(deadline)}, unless you make them active" in saved
    [message] = mail.outbox
    assert f"After {_day(deadline, world.owner.zone)}, promo deletes your private" in message.body
    assert "unshared drafts will be deleted after" not in message.body
    form = html.unescape(client.get(url).content.decode())
    assert f"will be deleted after {_day(deadline)}, unless they are made active" in form
    client.logout()
    page = html.unescape(client.get(_path(_link_in(message))).content.decode())
    assert "promo deletes your private evidence and drafts" in page


def _link_in(message):
    return re.search(r"https?://\S+/leaving/\S+/", message.body)[0]


def test_making_them_active_again_clears_the_date(client, world):
    client.force_login(world.staff)
    url = reverse("staff_person_edit", args=[world.owner.pk])
    client.post(url, _form_data(world.owner, is_active=""))
    world.owner.refresh_from_db()
    assert world.owner.deactivated_at is not None
    client.post(url, _form_data(world.owner, is_active="on"))
    world.owner.refresh_from_db()
    assert world.owner.is_active and world.owner.deactivated_at is None
