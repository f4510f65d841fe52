"""Each endpoint costs the same, pinned, number of queries with 1 object as with 100.

A failure prints every statement of the request, so the new query is easy to find."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Artifact, ArtifactTag
from promo.models import Criterion, Expectation, ImpactCheckIn, Notification
from tests.api.conftest import api_url, bearer, token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _count(client, url, secret, expected):
    client.get(url, headers=bearer(secret))  # the token's "last used" is written once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=bearer(secret))
    assert response.status_code == 200, response.content
    statements = "\n".join(q["sql"] for q in queries.captured_queries)
    assert len(queries) == expected, f"{len(queries)} queries, not {expected}:\n{statements}"


def _artifacts(owner, count):
    criteria = list(Criterion.objects.filter(ladder=owner.ladder).order_by("position")[:3])
    made = Artifact.objects.bulk_create(
        Artifact(owner=owner, title=f"Work {n}", happened_on=date(2026, 1, 1) + timedelta(n))
        for n in range(count)
    )
    ArtifactTag.objects.bulk_create(
        ArtifactTag(artifact=artifact, criterion=criterion, strength="strong")
        for artifact in made
        for criterion in criteria
    )
    return made


def _due_checkins(owner, count):
    shipped = date(2025, 1, 6)
    artifacts = Artifact.objects.bulk_create(
        Artifact(owner=owner, title=f"Shipped {n}", happened_on=shipped, shipped_on=shipped)
        for n in range(count)
    )
    ImpactCheckIn.objects.bulk_create(
        ImpactCheckIn(artifact=a, offset_days=30, planned_from=shipped, due_on=shipped)
        for a in artifacts
    )


def _notifications(owner, count):
    Notification.objects.bulk_create(
        Notification(recipient=owner, kind="log_wins", title=f"Note {n}") for n in range(count)
    )


def _reports(manager, count):
    for _ in range(count):
        UserFactory(manager=manager, ladder=manager.ladder, level=manager.level)


# endpoint -> (who asks, whose objects, filler, queries at 1 and at 100)
ENDPOINTS = {
    "evidence": ("owner", "owner", _artifacts, 2),
    "evidence_of_a_report": ("manager", "owner", _artifacts, 6),
    # + the teams claimed and confirming adoption: the default ladder's leverage needs them.
    "readiness": ("owner", "owner", _artifacts, 10),
    "checkins": ("owner", "owner", _due_checkins, 2),
    "notifications": ("owner", "owner", _notifications, 3),
    "team": ("manager", "manager", _reports, 4),
}


def _url(name, world):
    if name == "evidence_of_a_report":
        return api_url("evidence") + f"?person={world.owner.pk}"
    return api_url(name)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_lists_cost_the_same_at_1_and_at_100(name, world, client):
    asker, owner, fill, expected = ENDPOINTS[name]
    asker, owner = getattr(world, asker), getattr(world, owner)
    _, secret = token_for(asker, ["evidence:read", "readiness:read", "team:read"])
    if name.startswith("evidence") and connection.vendor != "postgresql":
        expected += 1  # SQLite builds the list's JSON in Python: the tags are a second read
    fill(owner, 1)
    _count(client, _url(name, world), secret, expected)
    fill(owner, 99)
    _count(client, _url(name, world), secret, expected)


def test_one_artifact_costs_the_same_with_1_tag_and_with_many(world, client):
    artifact = _artifacts(world.owner, 1)[0]
    _, secret = token_for(world.owner, ["evidence:read"])
    _count(client, api_url("artifact", pk=artifact.pk), secret, 5)
    criteria = Criterion.objects.filter(ladder=world.owner.ladder).exclude(
        artifact_tags__artifact=artifact
    )
    ArtifactTag.objects.bulk_create(ArtifactTag(artifact=artifact, criterion=c) for c in criteria)
    _count(client, api_url("artifact", pk=artifact.pk), secret, 5)


@pytest.mark.parametrize("links", [1, 20])
def test_creating_an_artifact_costs_the_same_with_1_link_and_with_many(links, world, client):
    """The token, the artifact, its links, its first revision and the owner's new facts
    version (promo.web.readiness_changed), inside one savepoint."""
    _, secret = token_for(world.owner, ["evidence:write"])
    body = {
        "title": "Shipped",
        "links": [{"label": f"L{n}", "url": f"https://x.example/{n}"} for n in range(links)],
    }
    url = api_url("evidence")
    client.post(url, body, content_type="application/json", headers=bearer(secret))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, body, content_type="application/json", headers=bearer(secret))
    assert response.status_code == 201, response.content
    statements = "\n".join(q["sql"] for q in queries.captured_queries)
    expected = 7 if connection.vendor == "postgresql" else 6  # no facts version on SQLite
    assert len(queries) == expected, f"{len(queries)} queries, not {expected}:\n{statements}"


def _session_count(client, url, expected):
    client.get(url)  # the session's first request writes its own bookkeeping
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    statements = "\n".join(q["sql"] for q in queries.captured_queries)
    assert len(queries) == expected, f"{len(queries)} queries, not {expected}:\n{statements}"


def _more_criteria(ladder, levels, count):
    start = ladder.criteria.count()
    made = Criterion.objects.bulk_create(
        Criterion(ladder=ladder, slug=f"extra-{n}", name=f"Extra {n}", position=100 + n)
        for n in range(start, start + count)
    )
    Expectation.objects.bulk_create(
        Expectation(criterion=criterion, level=level, text=f"Shows {criterion.name}")
        for criterion in made
        for level in levels
    )


def test_my_ladder_costs_the_same_with_few_criteria_and_with_many(world, client):
    _, secret = token_for(world.owner, ["evidence:read"])
    owner = world.owner
    _count(client, api_url("ladder"), secret, 7)
    _more_criteria(owner.ladder, [owner.level, owner.level.next_level()], 40)
    _count(client, api_url("ladder"), secret, 7)


def test_an_artifacts_tags_cost_the_same_with_1_tag_and_with_many(world, client):
    artifact = _artifacts(world.owner, 1)[0]
    ArtifactTag.objects.filter(artifact=artifact).exclude(
        pk=ArtifactTag.objects.filter(artifact=artifact).values("pk")[:1]
    ).delete()
    _, secret = token_for(world.owner, ["evidence:read"])
    _count(client, api_url("artifact_tags", pk=artifact.pk), secret, 3)
    criteria = Criterion.objects.filter(ladder=world.owner.ladder).exclude(
        artifact_tags__artifact=artifact
    )
    ArtifactTag.objects.bulk_create(ArtifactTag(artifact=artifact, criterion=c) for c in criteria)
    assert artifact.tags.count() > 5
    _count(client, api_url("artifact_tags", pk=artifact.pk), secret, 3)


def test_the_tokens_page_costs_the_same_with_1_token_and_with_many(world, client):
    client.force_login(world.owner)
    token_for(world.owner)
    _session_count(client, reverse("api_tokens"), 5)
    for _ in range(20):
        token_for(world.owner)
    _session_count(client, reverse("api_tokens"), 5)


@pytest.mark.parametrize("name", ["openapi-view", "openapi-json"])
def test_the_api_docs_cost_a_fixed_number_of_queries(name, world, client):
    """The docs describe the API, not anyone's objects: what they cost is the session."""
    client.force_login(world.owner)
    _session_count(client, api_url(name), 2)
