"""GitHub's webhook: checking a delivery's signature, and what each event becomes.

Every outcome GitHub can act on is a 2xx except a bad signature (401): GitHub shows the
answer in the hook's delivery log, and retrying an event promo chose to ignore would only
repeat the same answer. Each delivery id is recorded once, so a redelivery does nothing.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from promo.integrations.github.drafts import (
    github_draft_create,
    issue_facts,
    pull_request_facts,
)
from promo.integrations.github.models import GitHubDelivery, GitHubLink

# GitHub redelivers a delivery only within days of sending it; past this its id is no
# longer needed to spot a redelivery.
KEEP_DELIVERIES = timedelta(days=30)


def signature_is_valid(body, header):
    """Whether X-Hub-Signature-256 (`sha256=<hex>`) is the HMAC of the raw body with
    GITHUB_WEBHOOK_SECRET. With no secret configured, nothing is valid."""
    secret = settings.GITHUB_WEBHOOK_SECRET
    if not secret or not header:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header.encode())


def linked_person(account):
    """The person whose verified link is this GitHub account (`{"login", "id"}`), or None.
    The numeric id decides when the link knows it: a login can be renamed and reused."""
    if not account or not account.get("login"):
        return None
    same_account = Q(github_id__isnull=True, login__iexact=account["login"])
    if isinstance(account.get("id"), int):  # never github_id=None, which matches any unknown
        same_account |= Q(github_id=account["id"])
    link = (
        GitHubLink.objects.filter(verified_at__isnull=False, person__is_active=True)
        .filter(same_account)
        .select_related("person")
        .first()
    )
    return link.person if link else None


def _draft_outcome(person, facts):
    if person is None:
        return "dropped: the account is not linked to anyone in promo"
    if github_draft_create(person=person, facts=facts) is None:
        return "ignored: already a draft"
    return "draft created"


def _pull_request(payload):
    pull = payload.get("pull_request") or {}
    if payload.get("action") != "closed":
        return f"ignored: pull request {payload.get('action')}"
    if not pull.get("merged"):
        return "ignored: closed without merging"
    repository = (payload.get("repository") or {}).get("full_name", "")
    return _draft_outcome(linked_person(pull.get("user")), pull_request_facts(pull, repository))


def _issue(payload):
    issue = payload.get("issue") or {}
    if payload.get("action") != "closed":
        return f"ignored: issue {payload.get('action')}"
    if issue.get("state_reason") == "not_planned":
        return "ignored: closed as not planned"
    repository = (payload.get("repository") or {}).get("full_name", "")
    # The work of closing an issue is the closer's: the sender of a `closed` event.
    return _draft_outcome(linked_person(payload.get("sender")), issue_facts(issue, repository))


HANDLERS = {
    "ping": lambda payload: "pong",
    "pull_request": _pull_request,
    "issues": _issue,
}


def webhook_receive(*, delivery_id, event, payload):
    """Record the delivery and act on it once; returns what became of it, in words.
    A delivery id seen before does nothing ("ignored: redelivery")."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = GitHubDelivery.objects.create(
                    delivery_id=delivery_id, event=event, action=str(payload.get("action", ""))[:50]
                )
        except IntegrityError:
            return "ignored: redelivery"
        handler = HANDLERS.get(event)
        outcome = handler(payload) if handler else f"ignored: {event} events are not used"
        delivery.outcome = outcome[:200]
        delivery.save(update_fields=["outcome"])
    return outcome


def webhook_deliveries_purge(*, now=None):
    """Forget delivery ids older than KEEP_DELIVERIES; returns how many. Idempotent."""
    now = now or timezone.now()
    deleted, _ = GitHubDelivery.objects.filter(received_at__lt=now - KEEP_DELIVERIES).delete()
    return deleted
