"""The endpoint GitHub posts events to: public by design, trusted by its signature."""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from promo.integrations.github.webhook import signature_is_valid, webhook_receive


def _text(message, status=200):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _payload(request):
    """The delivery's JSON, sent as application/json or as a form's `payload` field
    (both are content types a GitHub hook can be set to)."""
    if request.content_type == "application/x-www-form-urlencoded":
        raw = request.POST.get("payload", "")
    else:
        raw = request.body
    payload = json.loads(raw)
    if not isinstance(payload, dict):
        raise ValueError("a delivery is a JSON object")
    return payload


# No session and no CSRF token: GitHub signs the body instead, and the signature is checked
# before anything else is read or written.
@login_not_required
@csrf_exempt
@require_POST
def github_webhook(request):
    body = request.body
    if not signature_is_valid(body, request.headers.get("X-Hub-Signature-256", "")):
        return _text("Bad or missing X-Hub-Signature-256.", status=401)
    delivery_id = request.headers.get("X-GitHub-Delivery", "")[:64]
    event = request.headers.get("X-GitHub-Event", "")[:50]
    if not delivery_id or not event:
        return _text("X-GitHub-Delivery and X-GitHub-Event are required.", status=400)
    try:
        payload = _payload(request)
    except ValueError:
        return _text("The body is not a JSON object.", status=400)
    return _text(webhook_receive(delivery_id=delivery_id, event=event, payload=payload))
