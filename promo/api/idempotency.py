"""Idempotency-Key: a write sent again with the same key gets its first answer.

A script whose connection dropped before the answer came (a server restarting, a proxy's
502) cannot tell whether its write happened. Sent with an `Idempotency-Key` header, the
same request can simply be sent again, to any server: the key is stored with the answer in
the write's own transaction, so it is remembered exactly when the write committed, and a
second send of the key gets that answer (marked `Idempotent-Replayed: true`) instead of
a second row. Two sends at once meet on the unique (owner, key) row: the second waits for
the first's transaction, then replays it, or runs itself if the first rolled back.

The same key with a different method, path or body is refused (422): it is a client bug,
and guessing which request was meant could lose a write. A request that failed (4xx or
5xx) is not remembered, so it can be corrected and sent again. Keys are kept 24 hours.
"""

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from ninja.renderers import JSONRenderer

from promo.api.errors import ApiError
from promo.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEEP_FOR = timedelta(hours=24)
MAX_LENGTH = IdempotencyKey._meta.get_field("key").max_length
JSON = JSONRenderer()


def key_of(request):
    """The request's key, or None when it sent none; 422 for one promo cannot store."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise ApiError(
            422,
            "invalid",
            f"An {HEADER} is 1 to {MAX_LENGTH} printable ASCII characters.",
            field=HEADER,
        )
    return key


def fingerprint_of(request):
    """What makes two sends the same request: method, path and body (JSON compared by its
    content, so a client that re-encodes its retry with other spacing still matches)."""
    try:
        body = json.dumps(json.loads(request.body or b"null"), sort_keys=True)
    except ValueError:
        body = request.body.decode("utf-8", "replace")
    text = f"{request.method} {request.get_full_path()}\n{body}"
    return hashlib.sha256(text.encode()).hexdigest()


def replay(stored):
    response = HttpResponse(stored.body, status=stored.status, content_type=stored.content_type)
    response[REPLAYED_HEADER] = "true"
    return response


def _as_response(request, result, schema, status):
    if isinstance(result, HttpResponse):
        return result
    data = schema.model_validate(result).model_dump(mode="json")
    return HttpResponse(
        JSON.render(request, data, response_status=status),
        status=status,
        content_type=f"{JSON.media_type}; charset={JSON.charset}",
    )


def _claim(request, key, fingerprint, now):
    """Insert the key for this request (None), or return the live row another send of the
    key committed. An expired row not yet purged is replaced: the key starts afresh."""
    for _ in range(2):
        try:
            with transaction.atomic():
                IdempotencyKey.objects.create(
                    owner=request.auth,
                    key=key,
                    method=request.method,
                    path=request.get_full_path()[:500],
                    fingerprint=fingerprint,
                    status=0,
                    created_at=now,
                )
                return None
        except IntegrityError:
            stored = IdempotencyKey.objects.filter(owner=request.auth, key=key).first()
            if stored is None:  # purged in between: try the insert again
                continue
            if stored.created_at >= now - KEEP_FOR:
                return stored
            IdempotencyKey.objects.filter(pk=stored.pk).delete()
    raise ApiError(409, "idempotency_key_busy", f"Send the {HEADER} again.", field=HEADER)


def idempotent(*, schema=None, status=200):
    """Make an API write honour Idempotency-Key. The view returns an HttpResponse, or data
    that `schema` renders with `status`."""

    def decorate(view):
        @wraps(view)
        def run(request, *args, **kwargs):
            key = key_of(request)
            if key is None:
                return _as_response(request, view(request, *args, **kwargs), schema, status)
            fingerprint, now = fingerprint_of(request), timezone.now()
            with transaction.atomic():
                stored = _claim(request, key, fingerprint, now)
                if stored is not None:
                    if stored.fingerprint != fingerprint:
                        raise ApiError(
                            422,
                            "idempotency_key_reused",
                            f"This {HEADER} was sent with a different request; use a new "
                            "key for a new request.",
                            field=HEADER,
                        )
                    return replay(stored)
                response = _as_response(request, view(request, *args, **kwargs), schema, status)
                IdempotencyKey.objects.filter(owner=request.auth, key=key).update(
                    status=response.status_code,
                    content_type=response.get("Content-Type", ""),
                    body=response.content.decode(),
                )
                return response

        return run

    return decorate


def idempotency_keys_purge(*, now=None):
    """Forget keys older than KEEP_FOR; returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    return IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[0]
