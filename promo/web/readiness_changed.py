"""Say that a person's readiness facts changed; whoever keeps a copy of them hears it
after the transaction commits.

Every service that changes a fact readiness is computed from (evidence and its tags,
check-ins, a case and its gaps, a mentor's verdict, a person's ladder, level, manager or
mentors, a ladder's expectations) calls `readiness_changed(person_id, ...)` itself, in
its own transaction: an explicit call, where a signal would miss bulk updates and fire
on every login. The dashboards register their snapshot refresh here when the app starts
(promo.apps), so no domain imports the dashboards.

All the people named in one transaction reach the handlers once, together, after it
commits; a transaction that rolls back names nobody. Each call also gives those people a
new FactsVersion token at once, in the caller's transaction: pages that cache what they
draw from the facts (promo.readiness.section) see the change with the change itself.
"""

import logging
import threading

from django.db import connection, transaction

log = logging.getLogger(__name__)

_handlers = []
_local = threading.local()


def on_readiness_changed(handler):
    """Call `handler(person_ids)` (a set of ids) after every commit that changed facts."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def readiness_changed(*person_ids):
    """Record that these people's readiness facts change in the current transaction."""
    ids = {pid for pid in person_ids if pid}
    if not ids:
        return
    _new_tokens(ids)
    batch = getattr(_local, "batch", None)
    if batch is None or not batch.pending():
        batch = _local.batch = _Batch()
    batch.person_ids |= ids
    # One callback per call, so a savepoint rolled back with the first call's callback
    # still leaves the later ones; whichever runs first delivers the whole batch.
    transaction.on_commit(batch.deliver)  # runs at once outside a transaction


def _new_tokens(person_ids):
    """One statement, in the current transaction, whatever the number of people; in id
    order, so two transactions naming the same people lock their rows in the same order.
    Only PostgreSQL caches the section these tokens key (promo.readiness.section)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO promo_factsversion (person_id, token)"
            " SELECT person_id, gen_random_uuid() FROM unnest(%s::bigint[]) AS person_id"
            " ON CONFLICT (person_id) DO UPDATE SET token = EXCLUDED.token",
            [sorted(person_ids)],
        )


class _Batch:
    def __init__(self):
        self.person_ids = set()
        self.delivered = False

    def pending(self):
        """Whether a callback of this batch still waits for the transaction to commit: a
        rollback drops them, and then the next change starts a batch of its own."""
        connection = transaction.get_connection()
        return connection.in_atomic_block and any(
            func == self.deliver for _, func, _ in connection.run_on_commit
        )

    def deliver(self):
        if self.delivered:
            return
        self.delivered = True
        if getattr(_local, "batch", None) is self:
            _local.batch = None
        for handler in _handlers:
            try:
                handler(set(self.person_ids))
            except Exception:  # the change is committed: a copy going stale must not undo it
                log.exception("%s failed for people %s", handler.__qualname__, self.person_ids)
