"""Deactivating people with the CSV import (the staff page or `manage.py import_people`)
goes through the same steps as the staff form: the date is kept, and each person is
emailed their leaving link after commit, with the day their private data goes."""

import html
import io
import re

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from promo.models import AuditEntry, User
from promo.org.services import people_import
from promo.portability.leaving import person_for_leaving_token

DEACTIVATE_EZRA = "email,is_active\nezra@example.com,no\n"


def _link_in(message):
    return re.search(r"https?://\S+/leaving/(\S+)/", message.body)


def test_a_file_that_deactivates_someone_emails_them_their_leaving_link(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = people_import(text=DEACTIVATE_EZRA, by=world.staff, apply=True)
    assert plan.applied and [p.email for p in plan.deactivated] == ["ezra@example.com"]
    ezra = User.objects.get(email="ezra@example.com")
    assert not ezra.is_active and ezra.deactivated_at is not None
    [message] = mail.outbox
    assert message.to == ["ezra@example.com"]
    assert person_for_leaving_token(_link_in(message)[1]) == ezra
    deadline = ezra.private_data_deleted_after
    assert f"After {deadline.day} {deadline:%B %Y}, promo deletes your private evidence" in (
        message.body
    )
    sent = AuditEntry.objects.get(action=AuditEntry.Action.DATA_EXPORTED, subject_id=ezra.pk)
    assert sent.actor == world.staff and "valid 30 days" in sent.detail


def test_nothing_is_mailed_before_the_import_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        people_import(text=DEACTIVATE_EZRA, by=world.staff, apply=True)
    assert not mail.outbox and callbacks


def test_a_dry_run_deactivates_nobody_and_sends_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan = people_import(text=DEACTIVATE_EZRA, by=world.staff, apply=False)
    assert [p.email for p in plan.deactivated] == ["ezra@example.com"]
    ezra = User.objects.get(email="ezra@example.com")
    assert ezra.is_active and ezra.deactivated_at is None and not mail.outbox


def test_someone_already_inactive_or_made_active_is_sent_nothing(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        people_import(text=DEACTIVATE_EZRA, by=world.staff, apply=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = people_import(text=DEACTIVATE_EZRA, by=world.staff, apply=True)
        people_import(text="email,is_active\nezra@example.com,yes\n", by=world.staff, apply=True)
    assert not again.deactivated
    ezra = User.objects.get(email="ezra@example.com")
    assert ezra.is_active and ezra.deactivated_at is None and not mail.outbox


def test_a_new_person_made_inactive_was_never_deactivated(
    world, django_capture_on_commit_callbacks
):
    text = "email,display_name,is_active\nnew@example.com,New,no\n"
    with django_capture_on_commit_callbacks(execute=True):
        people_import(text=text, by=world.staff, apply=True)
    assert User.objects.get(email="new@example.com").deactivated_at is None
    assert not mail.outbox


def test_the_command_says_who_is_emailed(world, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "people.csv"
    path.write_text(DEACTIVATE_EZRA, encoding="utf-8")
    out = io.StringIO()
    call_command("import_people", str(path), "--dry-run", stdout=out)
    assert "would each be emailed a link to download their data, valid 30 days" in (out.getvalue())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_people", str(path), stdout=out)
    assert "were each emailed a link" in out.getvalue()
    [message] = mail.outbox
    assert message.to == ["ezra@example.com"] and _link_in(message)
    assert User.objects.get(email="ezra@example.com").deactivated_at is not None


def test_the_page_says_who_was_emailed_and_when_their_private_data_goes(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    url = reverse("staff_people_import")
    check = client.post(url, {"csv_text": DEACTIVATE_EZRA, "action": "check"})
    assert "would deactivate (1) will be emailed" in html.unescape(check.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(url, {"csv_text": DEACTIVATE_EZRA, "action": "apply"})
    page = html.unescape(applied.content.decode())
    assert "this file deactivated (1) was emailed a link to download their data" in page
    assert "private evidence and unshared drafts are deleted" in page
    assert [m.to for m in mail.outbox] == [["ezra@example.com"]]
