from celery import shared_task

from promo.integrations.github.backfill import backfill_step
from promo.integrations.github.webhook import webhook_deliveries_purge


@shared_task(name="promo.github_backfill", ignore_result=True)
def github_backfill(job_id):
    """One step of a GitHub import; when GitHub asks to wait, the next step is published
    with that countdown rather than slept through in a worker."""
    wait = backfill_step(job_id=job_id)
    if wait is not None:
        github_backfill.apply_async((job_id,), countdown=wait)


@shared_task(name="promo.github_purge_deliveries", ignore_result=True)
def github_purge_deliveries():
    """Beat, daily: forget webhook delivery ids too old to be redelivered."""
    return webhook_deliveries_purge()
