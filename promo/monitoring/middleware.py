"""One log line and one latency observation per request, under the request's id."""

import logging
import time

from django.core.signals import request_finished, request_started
from django.dispatch import receiver

from promo.monitoring import metrics
from promo.monitoring.logs import accepted_request_id, current_request_id, request_id_var

log = logging.getLogger("promo.request")

HEADER = "X-Request-ID"


# The id is taken when the handler starts the request, before any middleware, and
# forgotten when the response is closed: Django logs a 404 or a 500 ("django.request")
# after the middleware chain has returned, and that line belongs to the request too.
@receiver(request_started)
def _take_request_id(environ=None, **kwargs):
    request_id_var.set(accepted_request_id((environ or {}).get("HTTP_X_REQUEST_ID")))


@receiver(request_finished)
def _forget_request_id(**kwargs):
    request_id_var.set("")


def view_label(request):
    """The route's name ("evidence:detail"), never the raw path: ids in paths would make
    one series per object. A request that matched no route is "unmatched"."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or match.route or "unnamed"


# URL parts that are secrets (an invitation, an unsubscribe link, a calendar feed's key):
# logs are read by more people than the ones each link was sent to.
SECRET_KWARGS = {"token", "key", "uidb64"}


def loggable_path(request):
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if name in SECRET_KWARGS and isinstance(value, str) and value:
            path = path.replace(value, f"<{name}>")
    return path


def user_id_of(request):
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestIdMiddleware:
    """First in the chain, so its clock and its id cover every other middleware: takes the
    id from an incoming X-Request-ID when well formed (a proxy's), or makes one, returns
    it in the response, and logs the request when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Set by _take_request_id; a handler that sends no request_started still gets one.
        request_id = current_request_id() or accepted_request_id(request.headers.get(HEADER))
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        response[HEADER] = request_id
        view = view_label(request)
        metrics.observe_request(
            view=view, method=request.method, status=response.status_code, seconds=seconds
        )
        log_request(request, response, view=view, seconds=seconds)
        return response


def log_request(request, response, *, view, seconds):
    path = loggable_path(request)
    log.info(
        "%s %s %s %.1fms",
        request.method,
        path,
        response.status_code,
        seconds * 1000,
        extra={
            "method": request.method,
            "path": path,
            "view": view,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "user_id": user_id_of(request),
        },
    )
