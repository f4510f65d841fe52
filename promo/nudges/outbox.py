"""Publishing delivery tasks, and the relay that republishes whatever the broker lost.

A claim row is the outbox entry. Publishing happens after commit, in batches, with tight
socket timeouts and no retries, so a refused or silent broker costs a web request at most
about a second. A batch that could not be published is marked unpublished and the relay
(a beat task) publishes it again once the broker answers.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from promo.models import NudgeClaim

log = logging.getLogger(__name__)

BATCH_SIZE = 500
# A published task not run after this long was lost with the broker: publish it again.
# Delivery is idempotent, so a duplicate task is harmless.
REPUBLISH_AFTER = timedelta(minutes=15)
# A claim still 'sending' after this long belonged to a worker that died mid-send.
INTERRUPTED_AFTER = timedelta(minutes=15)
RELAY_LIMIT = 20_000


def batches(ids, size=BATCH_SIZE):
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def publish_deliveries(claim_ids):
    """Publish delivery tasks for `claim_ids`; returns how many ids could not be published."""
    from promo.celery import publish_bounded
    from promo.nudges.tasks import deliver

    pending = batches(list(claim_ids))
    published, error = publish_bounded(deliver, [(batch,) for batch in pending])
    if error is None:
        return 0
    unpublished = [claim_id for batch in pending[published:] for claim_id in batch]
    log.warning("broker unavailable, %d nudges wait in the outbox: %r", len(unpublished), error)
    NudgeClaim.objects.filter(id__in=unpublished).update(enqueued_at=None)
    return len(unpublished)


def relay(*, now=None):
    """Publish open claims that were never published or whose task was lost.

    Also records claims whose worker died mid-send as interrupted: they may have been
    emailed, so they are never sent again automatically. Returns the number published.
    """
    now = now or timezone.now()
    NudgeClaim.objects.filter(
        status=NudgeClaim.Status.SENDING, sending_at__lt=now - INTERRUPTED_AFTER
    ).update(
        status=NudgeClaim.Status.INTERRUPTED,
        finished_at=now,
        last_error="The worker stopped while sending; not resent to avoid a duplicate.",
    )
    with transaction.atomic():
        ids = list(
            NudgeClaim.objects.filter(status__in=NudgeClaim.OPEN, not_before__lte=now)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REPUBLISH_AFTER))
            .order_by("id")
            .values_list("id", flat=True)[:RELAY_LIMIT]
        )
        if ids:
            NudgeClaim.objects.filter(id__in=ids).update(enqueued_at=now)
            transaction.on_commit(lambda: publish_deliveries(ids))
    return len(ids)
