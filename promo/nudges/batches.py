"""Working through one published batch of claims: lease, budget, and early give-up.

The broker redelivers a killed worker's task only after its visibility timeout (an hour in
production), so nothing waits on that. Instead the worker leases the batch's open claims
in their rows and renews the lease as it goes; when a worker dies the lease runs out
within NUDGE_LEASE_SECONDS and the relay publishes those claims again. Each claim is
still sent at most once: `delivery.Sending` moves it to 'sending' only from an open status.

The batch is prepared in a few statements (promo.nudges.delivery.prepare) and its emails
go out over one SMTP connection, reopened only after an error.

A batch also has a time budget (NUDGE_BATCH_SECONDS): past it, the worker hands the rest
back to the queue, behind the work that waited. When the mail server is silent for two
claims in a row (unreachable, or no reply within EMAIL_TIMEOUT) it gives the batch up early
and lets the rest wait MAIL_PAUSE: every claim would otherwise wait out EMAIL_TIMEOUT in
turn.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from promo.models import NudgeClaim
from promo.nudges import delivery, outbox
from promo.nudges.courier import Courier
from promo.nudges.delivery import MAIL_PAUSE

log = logging.getLogger(__name__)

SILENCES_BEFORE_GIVING_UP = 2


def lease_seconds():
    return settings.NUDGE_LEASE_SECONDS


def claims_lease(claim_ids, *, now):
    """Lease the open claims among `claim_ids` that nobody holds; returns their ids.

    Rows another worker is locking right now are skipped, not waited for, and a claim
    under a live lease (a republished batch still being worked) is left to its holder."""
    with transaction.atomic():
        ids = list(
            NudgeClaim.objects.select_for_update(skip_locked=True)
            .filter(id__in=claim_ids, status__in=NudgeClaim.OPEN, not_before__lte=now)
            .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
            .order_by("id")
            .values_list("id", flat=True)
        )
        renew(ids, now=now)
    return ids


def renew(claim_ids, *, now):
    NudgeClaim.objects.filter(id__in=claim_ids).update(
        leased_until=now + timedelta(seconds=lease_seconds())
    )


def release(claim_ids, *, not_before=None):
    """Hand claims back: with `not_before`, the relay publishes them once it has passed;
    without, they are published again now (behind whatever waits in the queue)."""
    if not claim_ids:
        return
    log.info("nudge batch: %d claims handed back to the queue", len(claim_ids))
    claims = NudgeClaim.objects.filter(id__in=claim_ids, status__in=NudgeClaim.OPEN)
    if not_before is not None:
        claims.update(leased_until=None, enqueued_at=None, not_before=not_before)
        return
    claims.update(leased_until=None, enqueued_at=timezone.now())
    outbox.publish_deliveries(claim_ids, probe=True)


def deliver_batch(claim_ids, *, clock=time.monotonic):
    """Deliver a published batch within its lease and budget; returns how many claims this
    worker worked on (the rest were someone else's or handed back)."""
    started = clock()
    mine = claims_lease(claim_ids, now=timezone.now())
    outgoing, closed = delivery.prepare(mine, now=timezone.now())
    to_send = [item.claim.pk for item in outgoing]
    renewed_at, silences_in_a_row = 0, 0
    with Courier() as courier, delivery.Sending(courier) as sending:
        for position, item in enumerate(outgoing):
            elapsed = clock() - started
            if elapsed > settings.NUDGE_BATCH_SECONDS:
                release(to_send[position:])
                return len(closed) + position
            if elapsed - renewed_at > lease_seconds() / 3:
                renew(to_send[position:], now=timezone.now())
                renewed_at = elapsed
            silent = sending.send(item).mail_silent
            silences_in_a_row = silences_in_a_row + 1 if silent else 0
            if silences_in_a_row >= SILENCES_BEFORE_GIVING_UP:
                log.warning("nudge batch: the mail server is not answering; giving the batch up")
                release(to_send[position + 1 :], not_before=timezone.now() + MAIL_PAUSE)
                return len(closed) + position + 1
    return len(mine)
