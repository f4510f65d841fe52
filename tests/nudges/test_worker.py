"""Real Redis, a real `celery worker` process, real SMTP on loopback, on PostgreSQL.

Skipped on a laptop without Redis/PostgreSQL; a failure on CI (see tests.conftest.require).
"""

import os
import signal
import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from promo.celery import app
from promo.models import NudgeClaim
from promo.nudges import outbox, planner
from tests.broker import free_port, production_routes, restore_broker
from tests.nudges.conftest import require_postgres, wait_for
from tests.nudges.helpers import due_engineer, due_engineers
from tests.reviews.factories import shared_round


def statuses():
    return sorted(NudgeClaim.objects.values_list("status", flat=True))


def test_a_nudge_travels_from_beat_through_the_worker_to_smtp(workers, smtp):
    person = due_engineer(email="olive@example.com")
    every_second = IntervalSchedule.objects.get_or_create(every=1, period="seconds")[0]
    PeriodicTask.objects.update_or_create(
        name="nudges: plan what is due",
        defaults={"task": "promo.nudges.plan", "interval": every_second, "enabled": True},
    )
    workers.start(beat=True)
    wait_for(lambda: smtp.inbox.messages, 60, f"the nudge email\n{workers.logs()}")
    [message] = smtp.inbox.messages
    assert message["To"] == person.email
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://promo.test/" in message.get_body(("plain",)).get_content()
    time.sleep(4)  # beat keeps planning every second: still exactly one email
    assert len(smtp.inbox.messages) == 1
    assert statuses() == ["sent"]
    assert person.notifications.count() == 1


def relay_every(seconds):
    """The relay's schedule, as migration 0010 sets it (a transactional test empties the
    table the migration filled)."""
    every = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")[0]
    PeriodicTask.objects.update_or_create(
        name="nudges: relay the outbox",
        defaults={"task": "promo.nudges.relay", "interval": every, "enabled": True},
    )


RECOVERY_GOAL = 120  # seconds from a worker being available again to every claim done


@pytest.mark.slow(seconds=80)
def test_a_killed_worker_s_claims_are_all_delivered_once_within_two_minutes(workers, smtp, queue):
    """Production's visibility timeout (an hour), lease and relay schedule; a prefork
    worker with two batches of 500 in hand is killed with -9 mid-delivery."""
    people = due_engineers(2 * outbox.BATCH_SIZE)
    relay_every(30)
    workers.routed = True
    with production_routes(queue) as queues:
        workers.start_beat()
        workers.start(queues=[queues["celery"], queues["nudges"]])
        first = workers.start(queues=[queues["email"]], prefork=2)
        killed = {}

        def kill_on_200th(count):
            if count == 200:  # mid-delivery: the 200th email is on the wire
                os.killpg(first.pid, signal.SIGKILL)
                killed["at"] = time.monotonic()

        smtp.inbox.on_message = kill_on_200th
        assert planner.plan()["log_wins"] == len(people)  # two batches, after commit
        wait_for(lambda: first.poll() is not None, 120, f"the kill\n{workers.logs()}")
        smtp.inbox.on_message = None
        workers.start(queues=[queues["email"]], prefork=2)
        available = time.monotonic()
        wait_for(
            lambda: (
                not NudgeClaim.objects.filter(status__in=[*NudgeClaim.OPEN, "sending"]).exists()
            ),
            RECOVERY_GOAL + 30,
            f"every claim to be delivered\n{workers.logs()[-3000:]}",
        )
        recovered = time.monotonic() - available
    emails = Counter(smtp.inbox.recipients())
    sent = set(NudgeClaim.objects.filter(status="sent").values_list("person__email", flat=True))
    interrupted = NudgeClaim.objects.filter(status="interrupted").count()
    print(
        f"\nkilled at the 200th email; all {len(people)} claims done {recovered:.1f}s after "
        f"the new worker started ({time.monotonic() - killed['at']:.1f}s after the kill); "
        f"sent {len(sent)}, interrupted mid-send {interrupted}, emails {emails.total()}"
    )
    assert max(emails.values()) == 1  # nobody emailed twice
    assert sent <= emails.keys() and len(sent) + interrupted == len(people)
    assert interrupted <= 2  # at most the one email each child process had on the wire
    assert recovered < RECOVERY_GOAL


def test_a_shared_draft_reaches_its_mentor_through_the_worker_at_once(workers, smtp, world):
    workers.start()
    review_round = shared_round(world)  # published to the worker when the share commits
    wait_for(lambda: smtp.inbox.messages, 60, f"the shared-with-you email\n{workers.logs()}")
    [message] = smtp.inbox.messages
    assert message["To"] == world.mentor.email
    assert f"{world.owner} shared their promo doc with you" in message["Subject"]
    link = f"https://promo.test{reverse('reviews_round', args=[review_round.pk])}"
    assert link in message.get_body(("plain",)).get_content()
    wait_for(lambda: statuses() == ["sent"], 30, "the claim to be marked sent")
    [notification] = world.mentor.notifications.all()
    assert notification.kind == "review_requested" and notification.is_unread


def test_a_broken_broker_neither_slows_the_request_nor_loses_the_nudge(
    broken_broker, workers, smtp, client
):
    person = due_engineer(email="olive@example.com")
    staff = due_engineer(email="sam@example.com", is_staff=True)
    client.force_login(staff)
    started = time.monotonic()
    response = client.post(reverse("staff_nudges_plan"))
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 2.5, f"the request waited {elapsed:.1f}s on a {broken_broker} broker"
    assert NudgeClaim.objects.filter(enqueued_at__isnull=True).count() == 2  # in the outbox

    restore_broker()  # the broker is back
    workers.start()
    assert outbox.relay() == 2
    wait_for(lambda: len(smtp.inbox.messages) == 2, 60, f"the emails\n{workers.logs()}")
    assert sorted(smtp.inbox.recipients()) == [person.email, staff.email]
    wait_for(lambda: statuses() == ["sent", "sent"], 30, "the claims to be marked sent")


def test_two_planners_at_once_claim_each_nudge_once(transactional_db):
    require_postgres()
    people = [due_engineer(email=f"p{i}@example.com") for i in range(40)]
    barrier = threading.Barrier(4)
    results = []

    def run():
        try:
            barrier.wait()
            # Publishing is not the point here; the claims are.
            results.append(sum(planner.plan().values()))
        finally:
            connection.close()

    app.conf.broker_write_url = f"redis://127.0.0.1:{free_port()}/0"
    try:
        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        restore_broker()
    assert sum(results) == len(people) and len(results) == 4
    assert NudgeClaim.objects.count() == len(people)
