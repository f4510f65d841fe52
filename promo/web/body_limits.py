"""Request bodies are capped before promo reads them.

Django's own limits act too late for uploads: DATA_UPLOAD_MAX_MEMORY_SIZE counts only
form fields, and a file part of any size is streamed to a temporary file before a view can
check it. So every view has a body cap (MAX_REQUEST_BYTES unless it declares a larger one
with `accepts_body_up_to`), and a body over it is refused with 413 from its declared
Content-Length alone, before a byte of it is read.

A body sent without a length (Transfer-Encoding: chunked) is read up to the cap and no
further. Django's WSGI request reads nothing of such a body (it trusts only
Content-Length), so reading it here is also what lets a chunked upload work at all.
"""

import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat

READ_CHUNK = 64 * 1024
MESSAGES = {
    413: "What you sent was larger than promo accepts here ({limit} in one request). "
    "Nothing was saved.",
    411: "promo needs to know the size of what you send. Nothing was saved.",
}


def accepts_body_up_to(setting_name, *, advice=None):
    """Let a view take bodies up to the number of bytes in `settings.<setting_name>`
    instead of MAX_REQUEST_BYTES; `advice()` tells the sender of a larger one what to do.
    Both are read per request, so they follow the settings."""

    def decorator(view):
        view.body_limit_setting = setting_name
        view.body_limit_advice = advice
        return view

    return decorator


def refuses_bodies_with(responder):
    """Let a view answer an oversized or unsized body with `responder(request, status,
    limit, advice)` instead of the HTML page (the API answers in JSON)."""

    def decorator(view):
        view.body_limit_refusal = responder
        return view

    return decorator


def body_limit_for(view_func):
    return getattr(settings, getattr(view_func, "body_limit_setting", "MAX_REQUEST_BYTES"))


def refusal(request, status, limit, advice=""):
    """The 413 (too large) or 411 (no length) page: what the limit is and what to do."""
    reason = MESSAGES[status].format(limit=filesizeformat(limit))
    body = loader.get_template("413.html").render(
        {"reason": reason, "advice": advice, "status": status}, request
    )
    return HttpResponse(body, status=status)


class RequestBodyLimitMiddleware:
    """Refuses a request body over its view's cap before the body is read.

    Sits before CsrfViewMiddleware: its process_view reads the form, and so the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = body_limit_for(view_func)
        advice = getattr(view_func, "body_limit_advice", None)
        advice = advice() if advice else ""
        refuse = getattr(view_func, "body_limit_refusal", refusal)
        if "HTTP_TRANSFER_ENCODING" in request.META:
            return self._read_unsized_body(request, limit, advice, refuse)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body whose length it cannot parse
        if length > limit:
            return refuse(request, 413, limit, advice)
        return None

    def _read_unsized_body(self, request, limit, advice, refuse):
        # Only a server that marks the end of a chunked body (gunicorn does, with
        # wsgi.input_terminated) can be read to its end; any other would hang or misread.
        if not request.META.get("wsgi.input_terminated"):
            return refuse(request, 411, limit, advice)
        source = request.META["wsgi.input"]
        # Not a `with`: the spool becomes the request's stream and must outlive this call.
        spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        size = 0
        while chunk := source.read(min(READ_CHUNK, limit + 1 - size)):
            size += len(chunk)
            if size > limit:
                spool.close()
                return refuse(request, 413, limit, advice)
            spool.write(chunk)
        spool.seek(0)
        request._stream = LimitedStream(spool, size)
        request.META["CONTENT_LENGTH"] = str(size)
        return None
