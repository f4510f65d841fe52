from celery import shared_task
from django.db import DatabaseError

from promo.dashboards.outbox import refresh_requested, relay
from promo.dashboards.snapshots import snapshots_refresh_all


# A refresh that dies on a database error (a restart, a failover, a killed connection) is
# tried again a few times with growing pauses; past that its outbox row stays pending and
# the relay publishes it again (promo/dashboards/outbox.py).
@shared_task(
    name="promo.snapshot_refresh",
    ignore_result=True,
    autoretry_for=(DatabaseError,),
    max_retries=3,
    retry_backoff=2,
    retry_backoff_max=60,
)
def snapshot_refresh_task(person_id):
    """Recompute one person's manager-audience readiness snapshot. Idempotent."""
    refresh_requested(person_id=person_id)


@shared_task(name="promo.snapshot_refresh_relay", ignore_result=True)
def snapshot_refresh_relay():
    """Publish snapshot refreshes the broker did not take, or lost."""
    relay()


@shared_task(name="promo.snapshots_refresh_all", ignore_result=True)
def snapshots_refresh_all_task():
    """Everyone's snapshot, because time passes: recency, dormancy and "too recent"
    impact change without any row changing."""
    snapshots_refresh_all()
