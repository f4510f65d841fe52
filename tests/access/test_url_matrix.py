"""Every named URL × every persona × GET, htmx GET and POST, against a table.

A URL missing from the table fails; so does a row for a URL that no longer exists.

The organisation is built once per module inside a transaction rolled back at the end;
each test runs in a savepoint of its own, so no test sees another's objects or writes.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access.api_rules import API_RULES
from tests.access.rules import LOGIN, PERSONAS
from tests.conftest import sign_in_with

# Each app keeps its rows in tests/access/expectations_<app>.py, as RULES.
TABLES = [
    importlib.import_module(f"tests.access.{module.name}").RULES
    for module in pkgutil.iter_modules(tests.access.__path__)
    if module.name.startswith("expectations_")
]
RULES = {name: rule for table in TABLES for name, rule in table.items()}
COVERED_BY_NAMESPACE = {"admin"}  # every admin URL: rule "admin:index"
# The API's operations are tried with tokens too, by tests/access/test_api_matrix.py.
API_NAMES = {f"api:{name}" for name in API_RULES}


def named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_a_rule():
    names = {
        name
        for name in named_urls()
        if name.split(":")[0] not in COVERED_BY_NAMESPACE or name == "admin:index"
    }
    ruled = RULES.keys() | API_NAMES
    assert not names - ruled, f"URLs with no access rule: {sorted(names - ruled)}"
    assert not ruled - names, f"Rules for URLs that are gone: {sorted(ruled - names)}"


def _request(client, method, url):
    if method == "POST":
        return client.post(url, {})
    headers = {"HX-Request": "true"} if method == "HTMX" else {}
    return client.get(url, headers=headers)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(RULES))
def test_access(url_name, persona, shared_world, sessions, client):
    world = shared_world
    rule = RULES[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    if persona != "anonymous":
        sign_in_with(client, sessions[persona])
    failures = []
    for method in ("GET", "HTMX", "POST"):
        expected = rule.expected(method, persona)
        response = _request(client, method, url)
        if expected == LOGIN:
            ok = response.status_code == 302 and "login" in response["Location"]
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{method} {url}: expected {expected}, got {response.status_code}")
    assert not failures, f"{persona}: " + "; ".join(failures)
