from datetime import timedelta

import pytest
from django.utils import timezone

from promo.models import Notification, NudgeClaim, NudgePreference, NudgeSettings
from promo.nudges import outbox, planner
from promo.nudges.delivery import MAX_ATTEMPTS
from promo.nudges.tasks import deliver
from tests.factories import engineer
from tests.nudges.conftest import free_port

pytestmark = pytest.mark.django_db


def a_claim(person=None, **fields):
    person = person or engineer("L5", email="olive@example.com", display_name="Olive Owner")
    return NudgeClaim.objects.create(person=person, kind="log_wins", period="2026-W48", **fields)


def test_it_emails_text_and_html_with_links_and_one_click_unsubscribe(smtp_settings):
    claim = a_claim()
    deliver([claim.pk])
    [message] = smtp_settings.inbox.messages
    assert message["To"] == "olive@example.com"
    assert message["Subject"] == "Log this week's wins"
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://promo.test/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hello Olive" in text and "https://promo.test/" in text
    assert unsubscribe.strip("<>") in text and unsubscribe.strip("<>") in html
    assert 'href="https://promo.test/notifications/preferences/"' in html
    claim.refresh_from_db()
    assert (claim.status, claim.emailed, claim.attempts) == ("sent", True, 1)
    assert Notification.objects.get(claim=claim).recipient == claim.person


def test_a_redelivered_task_sends_nothing_more(smtp_settings):
    claim = a_claim()
    deliver([claim.pk])
    deliver([claim.pk])
    assert len(smtp_settings.inbox.messages) == 1
    assert Notification.objects.count() == 1


def test_a_claim_left_sending_by_a_dead_worker_is_never_resent_but_recorded(smtp_settings):
    sending_since = timezone.now() - timedelta(minutes=20)
    claim = a_claim(status="sending", sending_at=sending_since, attempts=1)
    deliver([claim.pk])
    assert smtp_settings.inbox.messages == []
    outbox.relay()
    claim.refresh_from_db()
    assert claim.status == "interrupted" and "not resent" in claim.last_error


def test_in_app_only_writes_a_notification_and_no_email(smtp_settings):
    claim = a_claim()
    NudgePreference.objects.create(person=claim.person, kind="log_wins", email=False)
    deliver([claim.pk])
    assert smtp_settings.inbox.messages == []
    claim.refresh_from_db()
    assert (claim.status, claim.emailed) == ("sent", False)
    assert Notification.objects.get().title == "Log this week's wins"


def test_preferences_changed_after_planning_are_honoured_at_delivery(smtp_settings):
    unsubscribed, on_vacation = a_claim(), a_claim(engineer("L5", email="vac@example.com"))
    NudgePreference.objects.create(
        person=unsubscribed.person, kind="log_wins", unsubscribed_at=timezone.now()
    )
    today = timezone.now().date()
    NudgeSettings.objects.create(person=on_vacation.person, quiet_from=today, quiet_until=today)
    deliver([unsubscribed.pk, on_vacation.pk])
    assert smtp_settings.inbox.messages == []
    assert set(NudgeClaim.objects.values_list("status", flat=True)) == {"skipped"}
    assert not Notification.objects.exists()


def test_smtp_failures_are_retried_with_backoff_then_recorded_as_failed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    claim = a_claim()
    deliver([claim.pk])
    claim.refresh_from_db()
    assert (claim.status, claim.attempts, claim.enqueued_at) == ("retrying", 1, None)
    assert "ConnectionRefusedError" in claim.last_error
    first_wait = claim.not_before - timezone.now()
    deliver([claim.pk])  # a duplicate task before the backoff is over does nothing
    claim.refresh_from_db()
    assert claim.attempts == 1
    for _ in range(MAX_ATTEMPTS - 1):
        NudgeClaim.objects.filter(pk=claim.pk).update(not_before=timezone.now())
        deliver([claim.pk])
    claim.refresh_from_db()
    assert (claim.status, claim.attempts) == ("failed", MAX_ATTEMPTS)
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)
    assert Notification.objects.filter(claim=claim).count() == 1


def test_the_relay_publishes_what_was_never_published_and_what_the_broker_lost():
    now = timezone.now()
    never = a_claim(enqueued_at=None)
    lost = a_claim(engineer("L5"), enqueued_at=now - timedelta(hours=1))
    fresh = a_claim(engineer("L5"), enqueued_at=now)
    waiting = a_claim(engineer("L5"), status="retrying", not_before=now + timedelta(minutes=5))
    done = a_claim(engineer("L5"), status="sent", enqueued_at=None)
    later = timezone.now()
    assert outbox.relay(now=later) == 2
    published = set(NudgeClaim.objects.filter(enqueued_at=later).values_list("pk", flat=True))
    assert published == {never.pk, lost.pk}
    assert {fresh.pk, waiting.pk, done.pk}.isdisjoint(published)


def test_the_planner_marks_claims_published_in_the_same_insert():
    engineer("L5")
    planner.plan(
        now=timezone.now().replace(hour=16) + timedelta(days=(4 - timezone.now().weekday()) % 7)
    )
    assert NudgeClaim.objects.filter(enqueued_at__isnull=False).count() == 1


def test_a_claim_of_a_kind_that_no_longer_exists_is_skipped_not_stuck(smtp_settings):
    claim = a_claim()
    NudgeClaim.objects.filter(pk=claim.pk).update(kind="retired_kind")
    deliver([claim.pk])
    claim.refresh_from_db()
    assert claim.status == "skipped" and "retired_kind" in claim.last_error
    assert smtp_settings.inbox.messages == []


def test_a_claim_whose_person_vanished_mid_plan_is_skipped(smtp_settings):
    # No database constraint on the claim's person (see NudgeClaim.person): a person
    # deleted while the planner ran leaves a claim that delivery records and skips.
    claim = NudgeClaim.objects.create(person_id=987654, kind="log_wins", period="2026-W48")
    deliver([claim.pk])
    claim.refresh_from_db()
    assert (claim.status, claim.last_error) == ("skipped", "The person no longer exists.")
    assert smtp_settings.inbox.messages == []


def test_deleting_a_person_still_deletes_their_claims():
    claim = a_claim()
    claim.person.delete()
    assert not NudgeClaim.objects.filter(pk=claim.pk).exists()
