import ipaddress
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
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


@login_not_required
@never_cache
@require_GET
def healthz_live(request):
    """Liveness: this process answers requests. Touches nothing else, so a database or
    broker outage never gets every web process restarted (which would not fix it)."""
    return JsonResponse({"status": "ok"})


_migrations_applied = False


def migrations_status():
    """'ok' when the database has every migration this code ships. Once true it stays
    true for the life of the process (its code cannot gain migrations), so only the first
    ready checks of a process read the migration files."""
    global _migrations_applied
    if _migrations_applied:
        return "ok"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # noqa: BLE001 - the database status already says why
        return f"unknown: {type(error).__name__}"
    if plan:
        return f"pending: {len(plan)} migration(s) not applied"
    _migrations_applied = True
    return "ok"


def heartbeat_status(*, now):
    try:
        beat_at = Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    except Exception as error:  # noqa: BLE001 - the database status already says why
        return f"unknown: {type(error).__name__}"
    if beat_at is None:
        return "stale: no worker heartbeat yet"
    age = now - beat_at
    if age > timedelta(seconds=settings.HEALTH_HEARTBEAT_MAX_AGE):
        return f"stale: last heartbeat {int(age.total_seconds())} s ago"
    return "ok"


@login_not_required
@never_cache
@require_GET
def healthz_ready(request):
    """Readiness: this process can do its work. Database, broker, every migration applied,
    and a worker heartbeat within HEALTH_HEARTBEAT_MAX_AGE. 503 names the failing parts;
    their details, as on /healthz, only to staff and loopback."""
    checks = {"database": database_status()}
    checks["broker"] = broker_status()
    if checks["database"] == "ok":
        checks["migrations"] = migrations_status()
        checks["worker_heartbeat"] = heartbeat_status(now=timezone.now())
    failing = sorted(name for name, status in checks.items() if status != "ok")
    status = 503 if failing else 200
    body = {"status": "ready" if not failing else "not ready", "failing": failing}
    if may_see_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=status)
