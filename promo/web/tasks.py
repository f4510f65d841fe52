from celery import shared_task
from django.utils import timezone

from promo.models import Heartbeat


@shared_task(name="promo.heartbeat", ignore_result=True)
def heartbeat():
    """Proves that beat fires and a worker runs; /healthz reports its age."""
    Heartbeat.objects.update_or_create(name="worker", defaults={"beat_at": timezone.now()})
