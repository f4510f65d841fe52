"""Publishing delivery tasks, and the relay that republishes whatever the broker lost.

A claim row is the outbox entry. Publishing happens after commit, in batches, with tight
socket timeouts and no retries, so a refused or silent broker costs a web request at most
about a second. A batch that could not be published is marked unpublished and the relay
(a beat task, every 30 s) publishes it again once the broker answers.

The relay also publishes again the open claims whose worker's lease ran out (the worker
was killed: promo/nudges/batches.py), so they need not wait for the broker's visibility
timeout. Two relays at once lock disjoint rows (SKIP LOCKED) and never publish the same
claim twice.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from promo.celery import publish_bounded
from promo.models import NudgeClaim

log = logging.getLogger(__name__)

BATCH_SIZE = 500
# A published task no worker has taken after this long was lost with the broker: publish
# it again. (A task a worker took holds a lease instead, which runs out far sooner.)
# Delivery is idempotent, so a duplicate task is harmless.
REPUBLISH_AFTER = timedelta(minutes=15)
# A claim still 'sending' after this long (or past its lease) belonged to a worker that
# died mid-send.
INTERRUPTED_AFTER = timedelta(minutes=15)
RELAY_LIMIT = 20_000


def batches(ids, size=BATCH_SIZE):
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def publish_deliveries(claim_ids, *, probe=False):
    """Publish delivery tasks for `claim_ids`; returns how many ids could not be published.

    Background callers (the planner, the relay) pass probe=True: they try the broker even
    while a request-serving process would fail fast (see promo.celery.publish_bounded)."""
    pending = batches(list(claim_ids))
    published, error = publish_bounded(
        "promo.nudges.deliver", [(batch,) for batch in pending], probe=probe
    )
    if error is None:
        return 0
    unpublished = [claim_id for batch in pending[published:] for claim_id in batch]
    log.warning("broker unavailable, %d nudges wait in the outbox: %r", len(unpublished), error)
    NudgeClaim.objects.filter(id__in=unpublished).update(enqueued_at=None)
    return len(unpublished)


def relay_candidates(now):
    """Open claims due now that were never published, whose task was lost (published
    REPUBLISH_AFTER ago, at any age, and never leased) or whose worker's lease ran out.

    Open claims are found through their partial index (NudgeClaim.Meta), so the relay
    reads only those, however long the history of closed claims."""
    return (
        NudgeClaim.objects.filter(status__in=NudgeClaim.OPEN, not_before__lte=now)
        .filter(
            Q(enqueued_at__isnull=True)
            | Q(leased_until__lt=now)
            | Q(leased_until__isnull=True, enqueued_at__lt=now - REPUBLISH_AFTER)
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def relay(*, now=None):
    """Publish open claims that were never published, whose task was lost, or whose
    worker's lease ran out.

    Also records claims whose worker died mid-send as interrupted: they may have been
    emailed, so they are never sent again automatically. Returns the number published.
    """
    now = now or timezone.now()
    NudgeClaim.objects.filter(status=NudgeClaim.Status.SENDING).filter(
        Q(sending_at__lt=now - INTERRUPTED_AFTER) | Q(leased_until__lt=now)
    ).update(
        status=NudgeClaim.Status.INTERRUPTED,
        finished_at=now,
        leased_until=None,
        last_error="The worker stopped while sending; not resent to avoid a duplicate.",
    )
    with transaction.atomic():
        ids = list(relay_candidates(now).select_for_update(skip_locked=True)[:RELAY_LIMIT])
        if ids:
            NudgeClaim.objects.filter(id__in=ids).update(enqueued_at=now, leased_until=None)
            transaction.on_commit(lambda: publish_deliveries(ids, probe=True))
    return len(ids)
