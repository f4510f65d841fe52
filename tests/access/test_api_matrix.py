"""Every API operation × every persona × {no token, wrong scope, expired, revoked, valid
token, session}, against tests/access/api_rules.py. An operation with no rule fails, and
so does a rule for an operation that is gone."""

import re
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import resolve, reverse
from django.utils import timezone

from promo.api.api import api
from promo.api.auth import RATE_WINDOW_SECONDS, rate_key
from promo.api.models import ApiToken
from promo.api.services import scopes_for, token_create, token_revoke
from tests.access.api_rules import API_RULES
from tests.access.rules import LOGIN, PERSONAS
from tests.conftest import world_built_once, world_from_ids

ALL_PATHS = api.get_openapi_schema()["paths"]


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    with world_built_once(django_db_blocker) as ids:
        yield ids


@pytest.fixture
def world(people, db):
    return world_from_ids(people)


def operations():
    """(url name, METHOD) of every operation in the schema, and of the schema and docs."""
    found = {("openapi-json", "GET"), ("openapi-view", "GET"), ("api-root", "GET")}
    for path, methods in ALL_PATHS.items():
        name = resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name
        found |= {(name, method.upper()) for method in methods}
    return found


def test_every_operation_has_a_rule():
    ruled = {(name, method) for name, (_, rules) in API_RULES.items() for method in rules}
    assert not operations() - ruled, f"API operations with no rule: {operations() - ruled}"
    assert not ruled - operations(), (
        f"Rules for API operations that are gone: {ruled - operations()}"
    )


def _tokens(person, scope):
    """The token states: secrets by name."""
    allowed = scopes_for(person)
    other = [s for s in allowed if s != scope][:1]
    # Someone who may not hold the scope (team:read) still has expired and revoked tokens.
    held = [scope] if scope in allowed else allowed[:1]
    wrong_token, wrong = token_create(owner=person, name="wrong", scopes=other)
    expired, expired_secret = token_create(owner=person, name="expired", scopes=held)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked, revoked_secret = token_create(owner=person, name="revoked", scopes=held)
    token_revoke(token=revoked, by=person)
    valid_token, valid = token_create(owner=person, name="valid", scopes=allowed)
    _start_counts_at_zero(wrong_token, expired, revoked, valid_token)
    return {
        "wrong scope": wrong,
        "expired": expired_secret,
        "revoked": revoked_secret,
        "valid": valid,
    }


def _start_counts_at_zero(*tokens):
    """SQLite hands a new token the id of one rolled back with an earlier test of this
    module, whose requests this minute are still counted in the local-memory cache: a fresh
    token has made none, so its count starts at zero. (PostgreSQL never reuses an id.)"""
    window = int(time.time() // RATE_WINDOW_SECONDS)
    keys = [rate_key(token.pk, w) for token in tokens for w in (window, window + 1)]
    cache.delete_many(keys)


def _call(client, method, url, body, secret=None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    kwargs = {"content_type": "application/json", "headers": headers}
    if body is not None:
        kwargs["data"] = body
    return getattr(client, method.lower())(url, **kwargs)


def _matches(response, expected):
    if expected == LOGIN:
        return response.status_code == 302 and "login" in response["Location"]
    return response.status_code == expected


def _expectations(rule, persona):
    """[(state, expected status)] for one persona on one operation."""
    if persona == "anonymous":
        return [("nothing", rule.anonymous)]
    states = [("nothing", rule.anonymous), ("session", (rule.session or rule.valid)[persona])]
    if rule.scope is None:
        return states
    wrong = [] if rule.scope == "any" else [("wrong scope", 403)]
    return (
        states
        + wrong
        + [
            ("expired", 401),
            ("revoked", 401),
            ("valid", rule.valid[persona]),
        ]
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(API_RULES))
def test_api_access(url_name, persona, world, client):
    make_kwargs, rules = API_RULES[url_name]
    person = world.personas().get(persona)
    failures = []
    for method, rule in sorted(rules.items()):
        secrets = _tokens(person, rule.scope) if person and rule.scope else {}
        kwargs = make_kwargs(world) if make_kwargs else None
        for state, expected in _expectations(rule, persona):
            if method != "GET" and make_kwargs:  # a write may have used up the object
                kwargs = make_kwargs(world)
            url = reverse(f"api:{url_name}", kwargs=kwargs)
            client.logout()
            if state == "session":
                client.force_login(person)
            body = rule.body(world, kwargs) if rule.body else None
            response = _call(client, method, url, body, secrets.get(state))
            if not _matches(response, expected):
                failures.append(
                    f"{state}: {method} {url} expected {expected}, got "
                    f"{response.status_code} {response.content[:200]!r}"
                )
    assert not failures, f"{persona}: " + "; ".join(failures)
