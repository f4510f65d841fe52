"""Middleware of promo's own."""

import time
from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers

ACTIVE_AT = "_active_at"


class IdleSessionMiddleware:
    """Makes SESSION_COOKIE_AGE an idle timeout without writing the session on every
    request: an active session is saved (and its cookie renewed) at most once per
    SESSION_REFRESH_SECONDS. Saving on every request (SESSION_SAVE_EVERY_REQUEST) cost an
    UPDATE and a COMMIT per page view, the largest part of a trivial page's time.

    Sits after SessionMiddleware, so SessionMiddleware saves what this marks modified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.session_key or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(ACTIVE_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[ACTIVE_AT] = now
        return response


class PrivatePagesMiddleware:
    """Every response to a signed-in person says `Cache-Control: no-store, private`.

    Pages and downloads show one person's evidence, case and notes: a shared proxy must
    not keep them, nor the browser's back button show them after logout. Sits after
    AuthenticationMiddleware; static files never reach it (WhiteNoise answers first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, without its exemption of 404 and 500 pages when DEBUG is
    on: an error page can echo what the request carried, so it needs the policy most.
    (Django's own debug pages then lose their inline styling; they stay readable.)

    Sits near the top of MIDDLEWARE, so a response made from an exception in any middleware
    below it (a body too large, a CSRF failure, a crash) still gets the header.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            parts = self.get_policy_parts(request=request, response=response)
            response[HEADER] = build_policy(**asdict(parts))
        return response


class CompressPagesMiddleware(GZipMiddleware):
    """Gzip for promo's own text responses (pages, fragments, CSV, JSON) when the client
    accepts it. Static files never reach it: WhiteNoise, above it, serves them already
    compressed. Uploaded images and PDFs pass untouched (they are compressed already); an
    uploaded text file is text, and is compressed like a page.

    BREACH (guessing a secret in a compressed page from its size) needs a secret and
    attacker-chosen text in the same response, and many requests sent with the victim's
    cookies. Here the CSRF token is masked afresh for every response; Django's gzip adds
    random bytes to every response's length; and the session cookie is SameSite=Lax, so
    another site can make the browser send it only on top-level navigations, never on the
    thousands of background requests the attack needs.
    """

    COMPRESSED_TYPES = ("text/", "application/json", "image/svg+xml")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(self.COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
