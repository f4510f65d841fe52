"""GET never changes anything: every named URL, every persona, plain and htmx.

Only bookkeeping may be written on a GET: the session (its expiry moves with activity),
the audit log (someone viewing another person's evidence is itself recorded) and the
login throttle's records.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access.rules import PERSONAS
from tests.access.test_url_matrix import RULES
from tests.conftest import sign_in_with

BOOKKEEPING = {"django_session", "promo_auditentry"}
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def written_tables(queries):
    return {m.group(1) for q in queries if (m := WRITE.match(q["sql"]))}


@pytest.mark.parametrize("url_name", sorted(RULES))
def test_get_changes_nothing(url_name, shared_world, sessions):
    world = shared_world
    rule = RULES[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            sign_in_with(client, sessions[persona])
        for headers in ({}, {"HX-Request": "true"}):
            with CaptureQueriesContext(connection) as queries:
                client.get(url, headers=headers)
            changed = {
                table
                for table in written_tables(queries.captured_queries)
                if table not in BOOKKEEPING and not table.startswith("axes_")
            }
            assert not changed, f"GET {url} as {persona} wrote to {sorted(changed)}"
