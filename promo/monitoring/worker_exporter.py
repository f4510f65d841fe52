"""A worker's own /metrics: task latency and failures measured on a host that runs no web
process. Served from the worker's main process (Celery's worker_ready) on
METRICS_WORKER_ADDRESS, to the same networks and token as the web's /metrics. A prefork
worker's children measure their tasks, so it needs PROMETHEUS_MULTIPROC_DIR as gunicorn
does; the database gauges stay with the web's /metrics."""

import logging
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

from celery import signals
from prometheus_client import CONTENT_TYPE_LATEST

from promo.monitoring.metrics import process_exposition

log = logging.getLogger(__name__)


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass  # a scrape every 15 s is not news


def metrics_app(environ, start_response):
    # Imported here: promo.celery loads this module while settings load, before the models.
    from django.conf import settings

    from promo.monitoring.access import address_allowed, bears_the_token

    allowed = bears_the_token(
        environ.get("HTTP_AUTHORIZATION"), settings.METRICS_TOKEN
    ) or address_allowed(environ.get("REMOTE_ADDR", ""), settings.METRICS_ALLOWED_NETWORKS)
    if environ.get("PATH_INFO") != "/metrics" or environ.get("REQUEST_METHOD") != "GET":
        allowed = False
    if not allowed:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not Found\n"]
    start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
    return [process_exposition()]


def serve(address):
    """Serve metrics_app on "host:port" from a daemon thread; returns the server."""
    host, _, port = address.rpartition(":")
    server = make_server(host.strip("[]"), int(port), metrics_app, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, name="promo-metrics", daemon=True).start()
    return server


@signals.worker_ready.connect(weak=False)
def _serve_when_the_worker_is_ready(**kwargs):
    from django.conf import settings

    if settings.METRICS_WORKER_ADDRESS:
        serve(settings.METRICS_WORKER_ADDRESS)
        log.info("task metrics on http://%s/metrics", settings.METRICS_WORKER_ADDRESS)
