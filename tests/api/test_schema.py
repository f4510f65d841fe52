"""Schemathesis against the live schema (/api/v1/openapi.json, served by the app itself),
with a token for each persona: no 5xx, every response as the schema says, and no
response showing an object the persona could not see on the pages."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from evidence.access import can_view_artifact
from evidence.models import Artifact
from evidence.services import artifact_create
from promo.api.services import scopes_for, token_create
from promo.models import Notification
from reviews.access import document_for_viewer
from tests.conftest import world_built_once, world_from_ids
from tests.reviews.factories import shared_round

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PERSONAS = ["owner", "other_engineer", "mentor", "manager", "other_manager", "staff"]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    """The world, with evidence of every visibility, a draft, a shared promo doc and
    notifications, so lists have something to leak."""
    with world_built_once(django_db_blocker) as ids, django_db_blocker.unblock():
        world = world_from_ids(ids)
        for visibility in Artifact.Visibility.values:
            artifact_create(owner=world.owner, data={"title": visibility, "visibility": visibility})
        artifact_create(owner=world.owner, data={"title": "Draft", "is_draft": True})
        artifact_create(owner=world.other_engineer, data={"title": "Ezra's"})
        shared_round(world)
        Notification.objects.create(recipient=world.owner, kind="log_wins", title="Log wins")
        yield ids


@pytest.fixture
def world(people, db):
    return world_from_ids(people)


@pytest.fixture(autouse=True)
def _one_connection_for_the_test():
    """Requests go through the WSGI handler, which closes the database connection after
    each one; the test's transaction must outlive them, as Django's test client ensures."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _a_budget_for_fuzzing(settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000


def assert_nothing_leaks(viewer, body):
    """Every object in a response is one `viewer` may see on the pages."""
    for item in _objects(body):
        if {"owner_id", "visibility", "is_draft"} <= item.keys():
            artifact = Artifact.all_objects.select_related("owner").get(pk=item["id"])
            assert can_view_artifact(viewer, artifact), f"artifact {artifact.pk} leaked"
        elif {"kind", "read_at"} <= item.keys():
            assert Notification.objects.get(pk=item["id"]).recipient_id == viewer.pk
        elif {"person_name", "versions"} <= item.keys():
            document_for_viewer(viewer, item["id"])  # Http404 if leaked


def _objects(body):
    if isinstance(body, dict):
        yield body
        for value in body.values():
            yield from _objects(value)
    elif isinstance(body, list):
        for value in body:
            yield from _objects(value)


@pytest.mark.parametrize("persona", PERSONAS)
@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_keeps_its_schema_and_its_secrets(case, persona, world):
    viewer = world.personas()[persona]
    _, secret = token_create(owner=viewer, name="fuzz", scopes=scopes_for(viewer))
    # Schemathesis reads the WSGI body as it comes; the gzip the app sends a client that
    # accepts it is checked in tests/promo/test_compression.py.
    headers = {"Authorization": f"Bearer {secret}", "Accept-Encoding": "identity"}
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    if response.headers.get("content-type", [""])[0].startswith("application/json"):
        assert_nothing_leaks(viewer, response.json())
