import ipaddress

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from promo.accounts.throttling import client_ip
from promo.models import Heartbeat


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "down"; say why
        return f"down: {type(error).__name__}"


def broker_status():
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
            )
            client.ping()
            return "ok"
        except redis.RedisError as error:
            return f"down: {type(error).__name__}"
    folder = settings.CELERY_QUEUE_DIR
    return "ok" if folder.is_dir() else f"down: {folder} is missing"


def worker_last_seen():
    try:
        beat = Heartbeat.objects.filter(name="worker").first()
    except Exception:  # noqa: BLE001 - the database status already says why
        return None
    return beat.beat_at.isoformat() if beat else None


def may_see_details(request):
    """Staff, and probes on the machine itself. Anyone else learns only the status: the
    details name the broker and the worker's rhythm, which an outsider has no use for."""
    if request.user.is_authenticated and request.user.is_staff:
        return True
    try:
        return ipaddress.ip_address(client_ip(request)).is_loopback
    except ValueError:
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    database = database_status()
    broker = broker_status()
    healthy = database == "ok"
    status = "ok" if healthy and broker == "ok" else ("degraded" if healthy else "down")
    if not may_see_details(request):
        return JsonResponse({"status": status}, status=200 if healthy else 503)
    body = {
        "database": database,
        "broker": broker,
        "broker_kind": "redis" if settings.REDIS_URL else "filesystem",
        "worker_last_seen": worker_last_seen() if healthy else None,
        "time": timezone.now().isoformat(),
        "status": status,
    }
    return JsonResponse(body, status=200 if healthy else 503)
