"""A batch's lease and budget, and the relay that publishes again what a dead worker held."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from promo.models import NudgeClaim
from promo.nudges import batches, outbox
from tests.factories import engineer
from tests.nudges.conftest import require_postgres

SENDING, PENDING = NudgeClaim.Status.SENDING, NudgeClaim.Status.PENDING


@pytest.fixture
def published(monkeypatch):
    """The claim ids published, in order, instead of a broker."""
    ids = []
    monkeypatch.setattr(
        outbox, "publish_deliveries", lambda claim_ids, probe=False: ids.extend(claim_ids)
    )
    return ids


def claims(count, **fields):
    due = timezone.now() - timedelta(minutes=5)
    return [
        NudgeClaim.objects.create(
            person=engineer("L5"), kind="log_wins", period="2026-W48", not_before=due, **fields
        )
        for _ in range(count)
    ]


def lease_of(claim):
    claim.refresh_from_db()
    return claim.leased_until


def test_the_relay_runs_every_30_seconds_in_the_database(db):
    relay = PeriodicTask.objects.get(task="promo.nudges.relay")
    assert relay.enabled and (relay.interval.every, relay.interval.period) == (30, "seconds")


@pytest.mark.django_db
def test_the_relay_publishes_claims_whose_lease_ran_out_and_no_live_ones(
    published, django_capture_on_commit_callbacks
):
    now = timezone.now()
    a_minute_ago, soon = now - timedelta(minutes=1), now + timedelta(seconds=30)
    [dead] = claims(1, enqueued_at=a_minute_ago, leased_until=now - timedelta(seconds=1))
    [alive] = claims(1, enqueued_at=a_minute_ago, leased_until=soon)
    [queued] = claims(1, enqueued_at=a_minute_ago)  # in the queue, no worker took it yet
    [died_sending] = claims(1, status=SENDING, leased_until=now - timedelta(seconds=1))
    [still_sending] = claims(1, status=SENDING, leased_until=soon, sending_at=now)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay(now=now) == 1
    assert published == [dead.pk]
    dead.refresh_from_db()
    assert (dead.enqueued_at, dead.leased_until) == (now, None)  # the next worker leases it
    died_sending.refresh_from_db()
    assert died_sending.status == "interrupted"  # it may have gone out: never twice
    still_sending.refresh_from_db()
    assert still_sending.status == SENDING
    assert lease_of(alive) == soon and lease_of(queued) is None


def test_two_relays_at_once_publish_each_claim_once(transactional_db, published):
    require_postgres()
    lost = claims(60)
    barrier = threading.Barrier(2)
    counts = []

    def run():
        try:
            barrier.wait()
            counts.append(outbox.relay())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(counts) == len(lost) == len(published)
    assert sorted(published) == sorted(claim.pk for claim in lost)


@pytest.mark.django_db
def test_a_batch_leases_its_claims_and_leaves_those_another_worker_holds(smtp_settings, published):
    mine = claims(2)
    [held] = claims(1, leased_until=timezone.now() + timedelta(seconds=30))
    assert batches.deliver_batch([claim.pk for claim in [*mine, held]]) == 2
    assert len(smtp_settings.inbox.messages) == 2
    held.refresh_from_db()
    assert held.status == PENDING
    for claim in mine:
        claim.refresh_from_db()
        assert claim.status == "sent" and claim.leased_until > timezone.now()


@pytest.mark.django_db
def test_a_batch_past_its_budget_hands_the_rest_back_to_the_queue(
    smtp_settings, published, settings
):
    batch = claims(4)
    ticks = iter(range(0, 1000, 50))  # each claim takes 50 s
    worked = batches.deliver_batch([claim.pk for claim in batch], clock=lambda: next(ticks))
    assert worked == 2 and len(smtp_settings.inbox.messages) == 2  # 120 s budget
    rest = [claim.pk for claim in batch[2:]]
    assert published == rest  # published again at once, behind what waited
    assert set(NudgeClaim.objects.filter(pk__in=rest).values_list("status", "leased_until")) == {
        (PENDING, None)
    }


@pytest.mark.slow(seconds=20)
@pytest.mark.django_db
def test_a_batch_gives_up_after_two_claims_meet_a_silent_mail_server(
    settings, black_holed_smtp, published
):
    assert settings.EMAIL_TIMEOUT == 10  # production's: each greeting is waited for in full
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", black_holed_smtp
    batch = claims(3)
    started = time.monotonic()
    assert batches.deliver_batch([claim.pk for claim in batch]) == 2
    print(f"\nbatch given up {time.monotonic() - started:.1f}s after it started")
    pause_over = timezone.now() + batches.MAIL_PAUSE
    for claim in batch:
        claim.refresh_from_db()
        assert claim.attempts == 0 and claim.leased_until is None  # nothing was sent
        assert pause_over - timedelta(seconds=30) < claim.not_before <= pause_over
    assert [claim.status for claim in batch] == ["retrying", "retrying", PENDING]
    assert "unreachable" in batch[0].last_error and batch[2].last_error == ""
    assert published == []  # the relay publishes them once the pause is over


@pytest.mark.django_db
def test_a_batch_goes_on_while_the_mail_server_answers_even_with_refusals(
    rejecting_smtp_settings, published
):
    batch = claims(3)
    assert batches.deliver_batch([claim.pk for claim in batch]) == 3
    for claim in batch:
        claim.refresh_from_db()
        assert (claim.status, claim.attempts) == ("retrying", 1)
        assert "SMTPRecipientsRefused" in claim.last_error


@pytest.mark.django_db
def test_a_task_lost_long_ago_goes_out_when_the_relay_runs_and_a_sent_one_does_not(
    published, django_capture_on_commit_callbacks
):
    # Published ten days ago into a broker that then lost it (a long outage): no worker
    # ever leased it. The relay finds open claims at any age, not within a window.
    now = timezone.now()
    long_ago = now - timedelta(days=10)
    [lost] = claims(1, enqueued_at=long_ago, created_at=long_ago)
    [sent] = claims(1, status="sent", enqueued_at=long_ago, created_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay(now=now) == 1
    assert published == [lost.pk]
    sent.refresh_from_db()
    assert (sent.status, sent.enqueued_at) == ("sent", long_ago)


@pytest.mark.django_db
def test_the_relay_reads_open_claims_through_their_partial_index():
    # A fresh claim is open too, so this index is the one the planner's INSERT pays for;
    # the relay must be able to use it, or it would read every claim ever made.
    require_postgres()
    now = timezone.now()
    query = outbox.relay_candidates(now)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "nudge_claim_open_only" in plan, plan
