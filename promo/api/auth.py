"""Who is calling: a personal access token (Authorization: Bearer), or a signed-in
browser session with its CSRF token. Tokens never need CSRF: they are never sent by a
browser on its own.

Each operation names the scope it needs. A session acts as the person themself and so
holds every scope; a token holds those chosen when it was made.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from promo.api.errors import ApiError
from promo.api.models import ApiToken, digest_of
from promo.web import breaker

LAST_USED_EVERY = timedelta(minutes=1)
RATE_WINDOW_SECONDS = 60


def _token_for(secret, now):
    token = ApiToken.objects.select_related("owner").filter(digest=digest_of(secret)).first()
    if token is None or not token.owner.is_active:
        raise ApiError(401, "invalid_token", "This token is not one promo knows.")
    if token.is_revoked:
        raise ApiError(401, "token_revoked", "This token was revoked.")
    if token.is_expired(now):
        raise ApiError(401, "token_expired", f"This token expired on {token.expires_at:%Y-%m-%d}.")
    return token


def rate_key(token_id, window):
    """The cache key counting token `token_id`'s requests in minute number `window`."""
    return f"api-rate:{token_id}:{window}"


def count_request(token, now_seconds=None):
    """Count one request against the token's budget for this minute; past the budget,
    refuse with 429 and when to try again. Counted in the cache, which is Redis when
    REDIS_URL is set (so every worker shares the count) and local memory otherwise. If
    Redis is down the request goes through: an outage must not lock every script out."""
    now_seconds = time.time() if now_seconds is None else now_seconds
    window = int(now_seconds // RATE_WINDOW_SECONDS)
    key = rate_key(token.pk, window)
    try:
        cache.add(key, 0, timeout=RATE_WINDOW_SECONDS * 2)
        count = cache.incr(key)
    except (ValueError, breaker.ServiceUnavailable, *breaker.OUTAGE_ERRORS):
        return
    if count > settings.API_RATE_LIMIT_PER_MINUTE:
        retry_after = max(1, int((window + 1) * RATE_WINDOW_SECONDS - now_seconds + 0.999))
        raise ApiError(
            429,
            "rate_limited",
            f"This token made more than {settings.API_RATE_LIMIT_PER_MINUTE} requests this "
            f"minute. Try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )


def mark_used(token, now):
    """Note when the token was last used, at most once a minute: the token row was read
    anyway, so a fresh mark costs no query, and a stale one costs a single UPDATE that
    another request racing it cannot repeat."""
    if token.last_used_at and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(last_used_at=now)
    token.last_used_at = now


class TokenAuth(HttpBearer):
    def __init__(self, scope):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, key):
        now = timezone.now()
        token = _token_for(key, now)
        if self.scope is not None and not token.allows(self.scope):
            raise ApiError(
                403,
                "missing_scope",
                f"This token may not do that: it needs the {self.scope} scope.",
            )
        count_request(token)
        mark_used(token, now)
        request.api_token = token
        return token.owner


class SessionWithCsrf(SessionAuth):
    """The signed-in person, CSRF-checked on unsafe methods (ninja's SessionAuth)."""

    def authenticate(self, request, key):
        request.api_token = None
        return super().authenticate(request, key)


def auth_for(scope):
    """The auth an operation needing `scope` takes: a token with it (with any scope, for
    None), or a session."""
    return [TokenAuth(scope), SessionWithCsrf()]
