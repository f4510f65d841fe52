"""Who may call: tokens (no CSRF), sessions (with CSRF), and the per-token rate limit."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from redis import Redis

from evidence.models import Artifact
from promo.api import auth
from tests.api.conftest import api_url, bearer, token_for
from tests.conftest import require

pytestmark = pytest.mark.django_db
PINNED = 1_800_000_030.0  # 30 s into a minute


def test_without_a_token_it_is_401_in_json(client, world):
    response = client.get(api_url("evidence"))
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Send a valid token as 'Authorization: Bearer <token>', or sign in.",
        "field": None,
    }
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_unknown_token_is_401(client, world):
    response = client.get(api_url("evidence"), headers=bearer("promo_nonsense"))
    assert (response.status_code, response.json()["code"]) == (401, "invalid_token")


def test_a_deactivated_persons_token_is_401(client, world):
    _, secret = token_for(world.owner)
    world.owner.is_active = False
    world.owner.save(update_fields=["is_active"])
    assert client.get(api_url("evidence"), headers=bearer(secret)).status_code == 401


def test_a_missing_scope_is_403_naming_it(client, world):
    _, secret = token_for(world.owner, ["evidence:read"])
    response = client.post(
        api_url("evidence"), {"title": "x"}, content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 403
    assert (
        response.json()["code"] == "missing_scope"
        and "evidence:write" in response.json()["message"]
    )
    assert not Artifact.objects.exists()


def test_a_token_needs_no_csrf(world):
    _, secret = token_for(world.owner)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        api_url("evidence"), {"title": "x"}, content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 201


def test_a_session_works_and_its_writes_need_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.owner)
    assert browser.get(api_url("evidence")).status_code == 200
    refused = browser.post(api_url("evidence"), {"title": "x"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert not Artifact.objects.exists()
    browser.get(reverse("evidence_list"))  # any page sets the CSRF cookie
    csrf = browser.cookies[settings.CSRF_COOKIE_NAME].value
    done = browser.post(
        api_url("evidence"),
        {"title": "x"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert done.status_code == 201


def test_past_its_budget_a_token_gets_429_with_retry_after(client, world, settings, monkeypatch):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    monkeypatch.setattr(auth.time, "time", lambda: PINNED)
    token, secret = token_for(world.owner)
    other, other_secret = token_for(world.owner)
    key = f"api-rate:{token.pk}:{int(PINNED // 60)}"
    # Counts left by an earlier run whose tokens had the same ids.
    cache.delete_many([key, f"api-rate:{other.pk}:{int(PINNED // 60)}"])
    statuses = [
        client.get(api_url("evidence"), headers=bearer(secret)).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(api_url("evidence"), headers=bearer(secret))
    assert refused["Retry-After"] == "30"
    assert refused.json()["code"] == "rate_limited"
    assert client.get(api_url("evidence"), headers=bearer(other_secret)).status_code == 200
    assert cache.get(key) == 5


def test_the_count_lives_in_redis_when_it_is_configured(client, world):
    require(settings.REDIS_URL, "REDIS_URL is not set")
    token, secret = token_for(world.owner)
    redis = Redis.from_url(settings.REDIS_URL)
    pattern = f"*api-rate:{token.pk}:*"
    for stale in redis.keys(pattern):  # left by an earlier run whose token had this id
        redis.delete(stale)
    client.get(api_url("evidence"), headers=bearer(secret))
    keys = redis.keys(pattern)
    assert len(keys) == 1 and redis.get(keys[0]) == b"1"


def test_me_says_who_a_token_acts_as_and_what_it_may_do(client, world):
    _, secret = token_for(world.owner, ["evidence:read"])
    body = client.get(api_url("me"), headers=bearer(secret)).json()
    assert body == {
        "id": world.owner.pk,
        "name": str(world.owner),
        "email": world.owner.email,
        "scopes": ["evidence:read"],
    }
