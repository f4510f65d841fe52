"""Snapshot refreshes go through a table, so a broker outage delays them and loses none.

A change records a SnapshotRefreshRequest for each person it affects (one row per person:
requests coalesce) and publishes their refresh tasks at once, unless a refresh published
seconds ago is pending: a burst of changes (a script logging twenty wins) publishes one.
A task the broker would not take leaves its row unpublished; the relay, a beat task every
30 seconds, publishes those again, and also the ones published long ago and still not
done (a worker died, a refresh hit a database error past its own retries). A finished
refresh deletes its row, or publishes itself again when a newer request arrived while it
ran. Like the PDF exports' outbox (reviews/outbox.py).
"""

import logging
from contextlib import nullcontext
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from promo.celery import publish_bounded
from promo.dashboards.snapshots import snapshot_refresh
from promo.models import SnapshotRefreshRequest, User

log = logging.getLogger(__name__)

# A refresh takes well under a second; one published this long ago and still pending
# was lost (a killed worker, a task that ran out of retries).
REPUBLISH_AFTER = timedelta(minutes=5)
# A refresh the broker took this many times without finishing is a bug, not an outage;
# the hourly refresh of everyone (snapshots_refresh_all) still covers that person.
MAX_ATTEMPTS = 5
RELAY_LIMIT = 500


# One statement: people deleted meanwhile are skipped by the join, rows are locked in id
# order (two changes naming the same people cannot deadlock), and a repeat coalesces.
# A request whose refresh was published within COVERED_FOR and is not yet done leaves it
# to that refresh (see refresh_requested); any other is published.
# A refresh published this recently and not yet done covers a new request: a burst of
# changes publishes one refresh per window, and a message lost on the way costs the
# changes after it no more than this wait.
COVERED_FOR = timedelta(seconds=10)
COVERED = "pending.published_at >= %(covered_since)s"
REQUEST_SQL = f"""
    INSERT INTO {SnapshotRefreshRequest._meta.db_table} AS pending
        (person_id, requested_at, published_at, attempts)
    SELECT id, %(now)s, %(now)s, 1 FROM {User._meta.db_table} {{after_commit_join}}
    WHERE id = ANY(%(ids)s) ORDER BY id
    ON CONFLICT (person_id) DO UPDATE SET
        requested_at = EXCLUDED.requested_at,
        published_at = CASE WHEN {COVERED} THEN pending.published_at
            ELSE EXCLUDED.published_at END,
        attempts = CASE WHEN {COVERED} THEN pending.attempts ELSE EXCLUDED.attempts END
    RETURNING person_id, published_at = %(now)s
"""  # noqa: S608 - table names come from the models; every value is a parameter
# Run after the change committed, in autocommit, the statement is a transaction of its
# own, and it makes its own commit skip waiting for the disk: set_config(..., true) lasts
# to the end of this transaction, whose commit reads it. One round trip instead of four
# (BEGIN, SET LOCAL, the INSERT, COMMIT).
ASYNC_COMMIT = "CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"
IN_TRANSACTION_SQL = REQUEST_SQL.format(after_commit_join="")
AFTER_COMMIT_SQL = REQUEST_SQL.format(after_commit_join=ASYNC_COMMIT)


def refresh_request(*, person_ids, now=None):
    """Record that these people's snapshots need recomputing and publish their refresh,
    unless one published within COVERED_FOR is pending. People deleted meanwhile are skipped.
    Returns how many wait for the relay."""
    now = now or timezone.now()
    ids = sorted({pid for pid in person_ids if pid})
    if not ids:
        return 0
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        to_publish = _requested_portably(ids, now)
        return publish_refreshes(to_publish) if to_publish else 0
    # Called after the change committed, the request is a transaction of its own, and its
    # commit need not wait for the disk: waiting doubled the cost of logging a win. A
    # database crash in the next fraction of a second could lose it, as a crash of this
    # process between the two commits always could; the hourly refresh of everyone
    # covers both. Inside a transaction it is part of that transaction, and its commit.
    after_commit = not connection.in_atomic_block and connection.get_autocommit()
    sql = AFTER_COMMIT_SQL if after_commit else IN_TRANSACTION_SQL
    params = {"now": now, "ids": ids, "covered_since": now - COVERED_FOR}
    with nullcontext() if after_commit else transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        to_publish = sorted(pid for pid, publish in cursor.fetchall() if publish)
    if not to_publish:
        return 0
    return publish_refreshes(to_publish)


def _requested_portably(ids, now):
    """REQUEST_SQL through the ORM for SQLite, the zero-setup database of one person trying
    promo (no ANY, no set_config): the ids whose refresh is to be published now."""
    to_publish = []
    with transaction.atomic():
        pending = {
            row.person_id: row for row in SnapshotRefreshRequest.objects.filter(person_id__in=ids)
        }
        for person_id in (
            User.objects.filter(id__in=ids).order_by("id").values_list("id", flat=True)
        ):
            row = pending.get(person_id)
            if row is not None and row.published_at and row.published_at >= now - COVERED_FOR:
                row.requested_at = now
                row.save(update_fields=["requested_at"])
                continue
            SnapshotRefreshRequest.objects.update_or_create(
                person_id=person_id,
                defaults={"requested_at": now, "published_at": now, "attempts": 1},
            )
            to_publish.append(person_id)
    return to_publish


def publish_refreshes(person_ids, *, probe=False):
    """Publish a refresh task per person (rows already marked published); the ones the
    broker did not take are marked unpublished again. Returns how many that was."""
    ids = list(person_ids)
    published, error = publish_bounded(
        "promo.snapshot_refresh", [(pid,) for pid in ids], probe=probe
    )
    if error is None:
        return 0
    unpublished = ids[published:]
    log.warning("broker unavailable, %d snapshot refreshes wait: %r", len(unpublished), error)
    SnapshotRefreshRequest.objects.filter(person_id__in=unpublished).update(
        published_at=None, attempts=F("attempts") - 1
    )
    return len(unpublished)


def refresh_requested(*, person_id, now=None):
    """Recompute one person's snapshot, then clear their request, unless a newer one came
    in while it ran: that one counted on this refresh, which was published and pending,
    and so it is published again now. Returns the snapshot or None."""
    requests = SnapshotRefreshRequest.objects.filter(person_id=person_id)
    requested_at = requests.values_list("requested_at", flat=True).first()
    snapshot = snapshot_refresh(person_id=person_id)
    if requested_at is not None:
        cleared, _ = requests.filter(requested_at=requested_at).delete()
        if not cleared and requests.update(published_at=now or timezone.now(), attempts=1):
            publish_refreshes([person_id])
    return snapshot


def relay(*, now=None):
    """Publish the requests no broker took, and those published REPUBLISH_AFTER ago and
    still pending, at most RELAY_LIMIT per run. Rows are locked with SKIP LOCKED and
    marked before publishing, so relays running at once never publish the same row.
    Returns how many were published."""
    now = now or timezone.now()
    due = Q(published_at__isnull=True) | Q(published_at__lt=now - REPUBLISH_AFTER)
    with transaction.atomic():
        rows = list(
            SnapshotRefreshRequest.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("requested_at")
            .values_list("person_id", "attempts")[:RELAY_LIMIT]
        )
        spent = [pid for pid, attempts in rows if attempts >= MAX_ATTEMPTS]
        ids = [pid for pid, attempts in rows if attempts < MAX_ATTEMPTS]
        if spent:
            log.error(
                "snapshot refresh failed %d times, left to the hourly run: %s", MAX_ATTEMPTS, spent
            )
            SnapshotRefreshRequest.objects.filter(person_id__in=spent).delete()
        if ids:
            SnapshotRefreshRequest.objects.filter(person_id__in=ids).update(
                published_at=now, attempts=F("attempts") + 1
            )
            transaction.on_commit(lambda: publish_refreshes(ids, probe=True))
    return len(ids)
