"""Tokens for the API tests, made through the service as a person would make them."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from promo.api.models import ApiToken
from promo.api.services import token_create

ALL_SCOPES = [scope for scope in ApiToken.Scope.values if scope != "team:read"]


def token_for(person, scopes=ALL_SCOPES, **fields):
    """(token, secret) for `person` with `scopes`."""
    return token_create(owner=person, name="test", scopes=scopes, **fields)


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def api_url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs or None)


@pytest.fixture
def owner_secret(world):
    return token_for(world.owner)[1]


@pytest.fixture(autouse=True)
def fresh_rate_counts():
    """Each test's tokens start with no requests counted. On SQLite a rolled-back test
    hands its token's id to the next test's token, and the local-memory cache (which
    PostgreSQL runs replace with Redis and never-reused ids) still holds the first one's
    count for the minute: enough tests in one minute and a token is refused with 429."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()
