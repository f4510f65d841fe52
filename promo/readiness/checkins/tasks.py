from celery import shared_task

from promo.readiness.checkins.services import checkins_plan_all


@shared_task(name="promo.checkins_plan", ignore_result=True)
def checkins_plan():
    """Plans impact check-ins for shipped work the evidence app's saves did not reach
    (bulk imports, restored rows, ladders whose offsets changed). Idempotent."""
    checkins_plan_all()
