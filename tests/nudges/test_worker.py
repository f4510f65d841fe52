"""Real Redis, a real `celery worker` process, real SMTP on loopback, on PostgreSQL.

Skipped on a laptop without Redis/PostgreSQL; a failure on CI (see tests.conftest.require).
"""

import os
import signal
import threading
import time
from datetime import timedelta

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from promo.celery import app
from promo.models import NudgeClaim
from promo.nudges import outbox, planner
from tests.broker import free_port, restore_broker
from tests.nudges.conftest import require_postgres, wait_for
from tests.nudges.helpers import due_engineer
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


def test_a_worker_killed_mid_batch_sends_each_email_at_most_once(workers, smtp):
    people = [due_engineer(email=f"e{i}@example.com") for i in range(6)]
    first = workers.start()

    def kill_on_third(count):
        if count == 3:  # the third email is on the wire: the worker dies before its 250
            os.killpg(first.pid, signal.SIGKILL)
            time.sleep(0.3)

    smtp.inbox.on_message = kill_on_third
    assert planner.plan()["log_wins"] == 6  # one batch, published after commit
    wait_for(lambda: first.poll() is not None, 60, f"the kill\n{workers.logs()}")
    smtp.inbox.on_message = None
    assert sorted(statuses()) == ["pending"] * 3 + ["sending"] + ["sent"] * 2

    workers.start()  # the unacked batch is redelivered to the new worker
    wait_for(lambda: statuses().count("sent") == 5, 60, f"the redelivery\n{workers.logs()}")
    time.sleep(3)
    recipients = smtp.inbox.recipients()
    assert sorted(recipients) == sorted(person.email for person in people)  # once each
    assert statuses() == ["sending"] + ["sent"] * 5
    outbox.relay(now=timezone.now() + timedelta(minutes=20))
    assert statuses() == ["interrupted"] + ["sent"] * 5


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
