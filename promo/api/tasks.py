from celery import shared_task

from promo.api.idempotency import idempotency_keys_purge


@shared_task(name="promo.api.purge_idempotency_keys", ignore_result=True)
def purge_idempotency_keys():
    """Beat, daily: forget Idempotency-Keys past their 24 hours."""
    return idempotency_keys_purge()
