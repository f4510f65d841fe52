"""Celery tasks for nudges. Each takes ids (or nothing) and calls into promo.nudges."""

from celery import shared_task

from promo.nudges import batches, outbox, planner


@shared_task(name="promo.nudges.plan", ignore_result=True)
def plan():
    """Beat: claim every nudge that is due now and publish its delivery."""
    return planner.plan()


@shared_task(name="promo.nudges.relay", ignore_result=True)
def relay():
    """Beat: publish claims the broker lost or refused, and retries whose wait is over."""
    return outbox.relay()


@shared_task(name="promo.nudges.deliver", ignore_result=True, acks_late=True)
def deliver(claim_ids):
    """Deliver a batch of claims under a lease and a time budget. Redelivery is harmless:
    only open claims nobody holds are taken, and each is sent at most once."""
    batches.deliver_batch(claim_ids)
