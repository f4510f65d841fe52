"""A mail server that accepts connections and never answers slows email only.

Production's settings (EMAIL_TIMEOUT 10 s, the hour-long visibility timeout), real prefork
workers on production's queues (tests.broker.production_routes), real Redis, PostgreSQL."""

import time

import pytest
from django.urls import reverse

from promo.models import NudgeClaim
from promo.nudges import outbox, planner
from reviews.models import ExportJob
from tests.broker import production_routes
from tests.nudges.conftest import wait_for
from tests.nudges.helpers import due_engineers
from tests.reviews.factories import shared_round

EXPORT_GOAL = 30  # seconds from the request to the PDF, on a loaded 2-core machine


def log_wins(**filters):
    return NudgeClaim.objects.filter(kind="log_wins", **filters)


@pytest.mark.slow(seconds=25)
def test_a_pdf_export_is_prompt_while_the_mail_server_never_answers(
    workers, queue, black_holed_smtp, client, world
):
    people = due_engineers(2 * outbox.BATCH_SIZE)
    workers.routed, workers.smtp_port = True, black_holed_smtp
    with production_routes(queue) as queues:
        workers.start(queues=[queues["email"]], prefork=2)
        workers.start(queues=[queues["exports"]], prefork=1)
        # Only the weekly reminder: on a Monday the managers' digests would take a worker.
        assert planner.plan(kinds=["log_wins"])["log_wins"] == len(people)
        wait_for(lambda: log_wins(status="sending").count() == 2, 60, "both batches to stall")
        stalled = time.monotonic()

        version = shared_round(world).version
        client.force_login(world.owner)
        requested = time.monotonic()
        client.post(reverse("reviews_export_pdf", args=[version.document_id, version.number]))
        job = ExportJob.objects.get()
        wait_for(
            lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(),
            EXPORT_GOAL + 30,
            f"the PDF\n{workers.logs()[-3000:]}",
        )
        export_seconds = time.monotonic() - requested

        # Two timeouts in a row and each batch gives up, its rest waiting a minute. A batch
        # hands its rest back just after its second claim is recorded: wait for both.
        waiting = log_wins(status="pending", enqueued_at=None)
        wait_for(
            lambda: log_wins(status="retrying").count() == 4 and waiting.count() == len(people) - 4,
            60,
            "the batches to give up",
        )
        given_up = time.monotonic() - stalled
    print(
        f"\nPDF export done {export_seconds:.1f}s after the request, while both email "
        f"batches waited on the mail server; both gave up {given_up:.1f}s after stalling, "
        f"{waiting.count()} claims handed back for later"
    )
    assert export_seconds < EXPORT_GOAL
    assert waiting.count() == len(people) - 4
    assert not log_wins(status__in=["sent", "sending"]).exists()
    # Never greeted, nothing sent: none of the four used up an attempt.
    assert set(log_wins(status="retrying").values_list("attempts", flat=True)) == {0}
