"""GitHub fixtures: trimmed real webhook payloads, signed deliveries, a linked owner, and
a loopback server (pytest-httpserver) that GITHUB_API_URL points at."""

import copy
import hashlib
import hmac
import json
import uuid
from pathlib import Path

import pytest

from promo.integrations.github.services import github_link_by_staff

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "it's a secret to everybody"
LOGIN = "Codertocat"  # the author and sender of octokit's examples


def payload(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def merged_pull_request():
    """octokit's closed pull request, merged: what GitHub sends when a merge closes it."""
    event = payload("pull_request.closed")
    pull = event["pull_request"]
    pull["merged"], pull["merged_at"] = True, pull["closed_at"]
    pull["merged_by"] = copy.deepcopy(event["sender"])
    return event


def closed_issue():
    event = payload("issues.labeled")
    event["action"] = "closed"
    issue = event["issue"]
    issue["state"], issue["state_reason"] = "closed", "completed"
    issue["closed_at"] = "2019-05-16T09:00:00Z"
    return event


def sign(body, secret=SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(client, event, body, *, delivery=None, signature="good"):
    """POST a delivery as GitHub does; `signature` is "good", "missing" or a header value."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "User-Agent": "GitHub-Hookshot/044aadd",
    }
    if signature == "good":
        headers["X-Hub-Signature-256"] = sign(raw)
    elif signature != "missing":
        headers["X-Hub-Signature-256"] = signature
    from django.urls import reverse

    return client.post(
        reverse("github_webhook"), raw, content_type="application/json", headers=headers
    )


@pytest.fixture
def webhook_secret(settings):
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    return SECRET


@pytest.fixture
def linked_owner(world):
    """The owner, linked by staff to octokit's example account."""
    github_link_by_staff(person=world.owner, login=LOGIN, by=world.staff)
    return world.owner


@pytest.fixture
def github(httpserver, settings):
    """The loopback stand-in for GitHub's REST API, at GITHUB_API_URL."""
    settings.GITHUB_API_URL = httpserver.url_for("").rstrip("/")
    return httpserver


@pytest.fixture
def fake_github(github):
    from tests.promo.integrations.github.fake_github import FakeGitHub

    return FakeGitHub(github)


@pytest.fixture
def importer(linked_owner, fake_github):
    """The owner, linked, with a token the fake GitHub accepts."""
    from promo.integrations.github.services import github_token_save
    from tests.promo.integrations.github.fake_github import TOKEN

    github_token_save(person=linked_owner, token=TOKEN, by=linked_owner)
    return linked_owner
