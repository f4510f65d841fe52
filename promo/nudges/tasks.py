"""Celery tasks for nudges. Each takes ids (or nothing) and calls into promo.nudges."""

from celery import shared_task

from promo.nudges import delivery, outbox, planner


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
    """Deliver a batch of claims. Redelivery is harmless: only open claims are sent."""
    for claim_id in claim_ids:
        delivery.deliver_claim(claim_id)
