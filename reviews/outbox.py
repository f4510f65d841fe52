"""Publishing PDF export tasks, and the relay that publishes again what the broker lost.

An ExportJob row is its own outbox entry, as a NudgeClaim is for nudges
(promo/nudges/outbox.py). The task is published after commit with tight socket timeouts
and no retries, so a refused or silent broker costs the request about a second; a job
that could not be published is marked unpublished, and the relay (a beat task) publishes
it again once the broker answers. Rendering starts only from 'queued' (reviews.tasks),
so a job published twice is still rendered once.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from promo.celery import publish_bounded
from reviews.models import ExportJob

log = logging.getLogger(__name__)

# A published job that no worker started after this long was lost with the broker.
REPUBLISH_AFTER = timedelta(minutes=3)
# Past this, nobody is still watching the page: the job fails and says to ask again, so
# a broker down for hours leaves no pile of stale PDFs to render when it returns.
GIVE_UP_AFTER = timedelta(hours=1)
# A rendering worker holds its job this long, renewed with each progress step. Past it,
# the worker died mid-render: the broker would redeliver its task only after its hour-long
# visibility timeout, and would then skip it (it is no longer queued), so the relay queues
# the job again. Rendering has no effect outside the job's row: doing it twice is harmless.
LEASE = timedelta(seconds=45)
# A job 'running' this long with no lease (started before leases) is failed.
INTERRUPTED_AFTER = timedelta(minutes=15)
RELAY_LIMIT = 200

NOT_STARTED = "No worker could start it in time. Ask for the PDF again."
INTERRUPTED = "The worker stopped while rendering it. Ask for the PDF again."


def publish_exports(job_ids, *, probe=False):
    """Publish a render task per job; returns how many could not be published. The relay
    passes probe=True to try the broker even while requests fail fast."""
    pending = list(job_ids)
    published, error = publish_bounded(
        "reviews.render_pdf", [(job_id,) for job_id in pending], probe=probe
    )
    if error is None:
        return 0
    unpublished = pending[published:]
    log.warning(
        "broker unavailable, %d PDF exports wait for the relay: %r", len(unpublished), error
    )
    ExportJob.objects.filter(id__in=unpublished).update(enqueued_at=None)
    return len(unpublished)


def _give_up(now):
    """Fail the jobs nobody will render any more; returns how many."""
    finished = {"status": ExportJob.Status.FAILED, "finished_at": now, "leased_until": None}
    never_started = ExportJob.objects.filter(
        status=ExportJob.Status.QUEUED, created_at__lt=now - GIVE_UP_AFTER
    ).update(error=NOT_STARTED, **finished)
    stuck = (
        ExportJob.objects.filter(status=ExportJob.Status.RUNNING)
        .filter(
            Q(leased_until__isnull=True, started_at__lt=now - INTERRUPTED_AFTER)
            | Q(leased_until__lt=now, created_at__lt=now - GIVE_UP_AFTER)
        )
        .update(error=INTERRUPTED, **finished)
    )
    return never_started + stuck


def _requeue_orphans(now):
    """Queue again the jobs whose rendering worker died (its lease ran out)."""
    return ExportJob.objects.filter(status=ExportJob.Status.RUNNING, leased_until__lt=now).update(
        status=ExportJob.Status.QUEUED,
        enqueued_at=None,
        leased_until=None,
        started_at=None,
        progress=0,
    )


def relay(*, now=None):
    """Publish queued jobs that were never published (the broker refused), whose task was
    lost or whose worker died, at most RELAY_LIMIT per run; fail the ones too old to wait
    for. Two relays at once lock disjoint rows (SKIP LOCKED). Returns the number
    published."""
    now = now or timezone.now()
    _give_up(now)
    _requeue_orphans(now)
    with transaction.atomic():
        ids = list(
            ExportJob.objects.select_for_update(skip_locked=True)
            .filter(status=ExportJob.Status.QUEUED)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REPUBLISH_AFTER))
            .order_by("id")
            .values_list("id", flat=True)[:RELAY_LIMIT]
        )
        if ids:
            ExportJob.objects.filter(id__in=ids).update(enqueued_at=now)
            transaction.on_commit(lambda: publish_exports(ids, probe=True))
    return len(ids)
