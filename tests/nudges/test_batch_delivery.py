"""A batch prepared in a few statements and sent over one SMTP connection, with each claim
still sent at most once."""

import os
import signal
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from promo.celery import app
from promo.models import Notification, NudgeClaim, NudgePreference, User
from promo.nudges import batches, outbox
from tests.broker import free_port
from tests.factories import engineer
from tests.nudges.conftest import Inbox, wait_for

REFUSED = "refused@example.com"


def claims(count, *, emails=None):
    """`count` due claims of people created in bulk (e0@example.com, ...), in id order."""
    template = engineer("L5", email="e0@example.com", display_name="Engineer 0")
    emails = emails or [f"e{index}@example.com" for index in range(1, count)]
    people = [template] + User.objects.bulk_create(
        User(
            email=address,
            display_name=f"Engineer {address}",
            password=template.password,
            ladder_id=template.ladder_id,
            level_id=template.level_id,
        )
        for address in emails
    )
    due = timezone.now() - timedelta(minutes=1)
    return NudgeClaim.objects.bulk_create(
        NudgeClaim(person=person, kind="log_wins", period="2026-W49", not_before=due)
        for person in people[:count]
    )


@pytest.fixture
def published(monkeypatch):
    ids = []
    monkeypatch.setattr(
        outbox, "publish_deliveries", lambda claim_ids, probe=False: ids.extend(claim_ids)
    )
    return ids


@pytest.mark.django_db
def test_a_batch_sends_every_email_over_one_connection(smtp_settings):
    batch = claims(12)
    assert batches.deliver_batch([claim.pk for claim in batch]) == 12
    inbox = smtp_settings.inbox
    assert sorted(inbox.recipients()) == sorted(claim.person.email for claim in batch)
    assert len(set(inbox.peers)) == 1  # one connection for the whole batch
    assert set(NudgeClaim.objects.values_list("status", "emailed", "attempts")) == {
        ("sent", True, 1)
    }
    assert Notification.objects.count() == 12


@pytest.mark.django_db
def test_each_email_greets_its_own_person_with_their_own_unsubscribe_link(smtp_settings):
    first, second = claims(2)
    batches.deliver_batch([first.pk, second.pk])
    by_recipient = {message["To"]: message for message in smtp_settings.inbox.messages}
    links = set()
    for claim in (first, second):
        message = by_recipient[claim.person.email]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert f"Hello {claim.person.get_short_name()}," in text
        assert f"{claim.person.email} has these nudges turned on" in html
        link = str(message["List-Unsubscribe"]).strip().strip("<>")
        assert link in text and link in html
        links.add(link)
    assert len(links) == 2


@pytest.mark.django_db
def test_a_name_with_markup_is_escaped_in_the_html_and_kept_in_the_text(smtp_settings):
    [claim] = claims(1)
    User.objects.filter(pk=claim.person_id).update(display_name="<b>Olive</b> & co")
    batches.deliver_batch([claim.pk])
    [message] = smtp_settings.inbox.messages
    assert "Hello <b>Olive</b>," in message.get_body(("plain",)).get_content()
    assert "Hello &lt;b&gt;Olive&lt;/b&gt;," in message.get_body(("html",)).get_content()


class RefusesOne(Inbox):
    """A mail server that answers, and refuses one recipient only."""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address == REFUSED:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.mark.django_db
def test_a_refused_recipient_fails_only_its_own_claim_and_keeps_the_connection(settings):
    inbox = RefusesOne()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    try:
        batch = claims(5, emails=["e1@example.com", REFUSED, "e3@example.com", "e4@example.com"])
        assert batches.deliver_batch([claim.pk for claim in batch]) == 5
    finally:
        controller.stop()
    refused = NudgeClaim.objects.get(person__email=REFUSED)
    assert (refused.status, refused.attempts, refused.emailed) == ("retrying", 1, False)
    assert "SMTPRecipientsRefused" in refused.last_error
    others = NudgeClaim.objects.exclude(pk=refused.pk)
    assert set(others.values_list("status", flat=True)) == {"sent"}
    assert len(inbox.messages) == 4 and len(set(inbox.peers)) == 1


@pytest.mark.django_db
def test_claims_that_send_no_email_are_closed_together_before_any_email(smtp_settings):
    in_app_only, unsubscribed, emailed = claims(3)
    NudgePreference.objects.create(person=in_app_only.person, kind="log_wins", email=False)
    NudgePreference.objects.create(
        person=unsubscribed.person, kind="log_wins", unsubscribed_at=timezone.now()
    )
    assert batches.deliver_batch([in_app_only.pk, unsubscribed.pk, emailed.pk]) == 3
    statuses = dict(NudgeClaim.objects.values_list("person__email", "status"))
    assert statuses == {
        in_app_only.person.email: "sent",
        unsubscribed.person.email: "skipped",
        emailed.person.email: "sent",
    }
    assert smtp_settings.inbox.recipients() == [emailed.person.email]
    assert set(Notification.objects.values_list("recipient__email", flat=True)) == {
        in_app_only.person.email,
        emailed.person.email,
    }


def statements(batch):
    with CaptureQueriesContext(connection) as queries:
        batches.deliver_batch([claim.pk for claim in batch])
    bookkeeping = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    return len([q for q in queries.captured_queries if not q["sql"].startswith(bookkeeping)])


@pytest.mark.django_db
def test_a_batch_costs_a_few_statements_plus_one_per_email(smtp_settings):
    few = statements(claims(3))
    NudgeClaim.objects.all().delete()
    User.objects.all().delete()
    many = statements(claims(30))
    # Per email, one statement: it records the previous email sent and moves this claim
    # to 'sending', committed before SMTP.
    assert many - few == 30 - 3
    assert few <= 8 + 3


@pytest.mark.slow(seconds=40)
def test_a_worker_killed_mid_batch_leaves_one_claim_interrupted_and_sends_none_twice(
    workers, smtp_settings, queue, published
):
    """A real worker process, killed with -9 while its 10th email is on the wire; the
    relay then finds the lease run out, and the batch is delivered again."""
    batch = claims(40)
    ids = [claim.pk for claim in batch]
    worker = workers.start()

    def kill_on_10th(count):
        if count == 10:
            os.killpg(worker.pid, signal.SIGKILL)

    smtp = smtp_settings
    smtp.inbox.on_message = kill_on_10th
    app.send_task("promo.nudges.deliver", args=[ids], queue=queue)
    wait_for(lambda: worker.poll() is not None, 90, f"the kill\n{workers.logs()}")
    smtp.inbox.on_message = None
    states = Counter(NudgeClaim.objects.values_list("status", flat=True))
    assert states == {"sent": 9, "sending": 1, "pending": 30}  # the rest were never started

    lease_over = timezone.now() + timedelta(seconds=settings.NUDGE_LEASE_SECONDS + 1)
    assert outbox.relay(now=lease_over) == 30
    assert batches.deliver_batch(published) == 30
    emails = Counter(smtp.inbox.recipients())
    assert emails.keys() == {claim.person.email for claim in batch}
    assert max(emails.values()) == 1  # the interrupted one too: it is never resent
    states = Counter(NudgeClaim.objects.values_list("status", flat=True))
    assert states == {"sent": 39, "interrupted": 1}
