"""Middleware of promo's own."""

import time

from django.conf import settings

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
