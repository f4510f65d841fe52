from datetime import timedelta

import pytest
from django.utils import timezone

from promo.models import Notification, NudgeClaim, NudgePreference, NudgeSettings
from promo.nudges import outbox, planner
from promo.nudges.delivery import (
    BACKOFF,
    MAIL_PAUSE,
    MAX_ATTEMPTS,
    UNREACHABLE_AT_MOST,
    deliver_claim,
)
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


def test_a_refused_connection_is_retried_after_the_mail_pause_without_counting(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    claim = a_claim()
    deliver([claim.pk])
    claim.refresh_from_db()
    assert (claim.status, claim.attempts, claim.enqueued_at) == ("retrying", 0, None)
    assert "unreachable" in claim.last_error and "ConnectionRefusedError" in claim.last_error
    first_wait = claim.not_before - timezone.now()
    deliver([claim.pk])  # a duplicate task before the pause is over does nothing
    claim.refresh_from_db()
    assert claim.not_before - timezone.now() <= first_wait
    for _ in range(MAX_ATTEMPTS + 2):
        NudgeClaim.objects.filter(pk=claim.pk).update(not_before=timezone.now())
        deliver([claim.pk])
    claim.refresh_from_db()
    assert (claim.status, claim.attempts) == ("retrying", 0)
    assert MAIL_PAUSE - timedelta(seconds=10) < first_wait <= MAIL_PAUSE
    assert Notification.objects.filter(claim=claim).count() == 1


def test_an_outage_of_most_of_a_day_loses_nothing_and_sends_once_on_recovery(
    smtp_settings, settings
):
    made = timezone.now()
    claim = a_claim(created_at=made, not_before=made)
    settings.EMAIL_PORT = free_port()  # the mail server is down
    for hour in range(0, 23, 2):
        now = made + timedelta(hours=hour)
        NudgeClaim.objects.filter(pk=claim.pk).update(not_before=now)
        assert deliver_claim(claim.pk, now=now) == "retrying"
        claim.refresh_from_db()
        assert (claim.attempts, claim.not_before) == (0, now + MAIL_PAUSE)
    settings.EMAIL_PORT = smtp_settings.port  # and back
    back = made + timedelta(hours=23)
    assert deliver_claim(claim.pk, now=back) == "sent"
    assert deliver_claim(claim.pk, now=back + MAIL_PAUSE) is None
    claim.refresh_from_db()
    assert (claim.attempts, claim.emailed, claim.last_error) == (1, True, "")
    assert smtp_settings.inbox.recipients() == ["olive@example.com"]
    assert Notification.objects.filter(claim=claim).count() == 1


def test_a_claim_unreachable_for_over_a_day_fails_saying_so(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    now = timezone.now()
    claim = a_claim(created_at=now - UNREACHABLE_AT_MOST - timedelta(minutes=1), not_before=now)
    assert deliver_claim(claim.pk, now=now) == "failed"
    claim.refresh_from_db()
    assert claim.attempts == 0 and not claim.emailed
    assert "unreachable for over a day" in claim.last_error
    assert Notification.objects.filter(claim=claim).count() == 1  # in the app all along


def test_a_server_that_refuses_the_recipient_uses_up_attempts_then_fails(
    rejecting_smtp_settings,
):
    now = timezone.now()
    claim = a_claim(not_before=now)
    for attempt, wait in enumerate([*BACKOFF, None], start=1):
        assert deliver_claim(claim.pk, now=now) == ("retrying" if wait else "failed")
        claim.refresh_from_db()
        assert claim.attempts == attempt and "SMTPRecipientsRefused" in claim.last_error
        if wait:
            assert claim.not_before == now + wait
            assert deliver_claim(claim.pk, now=now + wait - timedelta(seconds=1)) is None
            now += wait
    assert (claim.status, claim.attempts, claim.emailed) == ("failed", MAX_ATTEMPTS, False)
    assert claim.last_error.startswith(f"attempt {MAX_ATTEMPTS}: SMTPRecipientsRefused")


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
