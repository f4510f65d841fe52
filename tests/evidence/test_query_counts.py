"""Each page costs the same number of queries with 1 artifact as with 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import ArtifactTag
from promo.models import Criterion, Team
from tests.evidence.factories import ArtifactFactory, saved_artifact


def _fill(owner, count):
    criteria = list(Criterion.objects.filter(ladder=owner.ladder)[:3])
    team = Team.objects.first()
    for i in range(count):
        artifact = ArtifactFactory(owner=owner, impact="" if i % 2 else "Big")
        for criterion in criteria:
            ArtifactTag.objects.create(artifact=artifact, criterion=criterion)
        artifact.teams_touched.add(team)


def _count(client, url, data=None):
    """Queries of one request once the session is warm (renewed at most every few minutes)."""
    client.get(url, data or {})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)


PAGES = [
    ("evidence_list", None),
    ("evidence_list", {"kind": "project", "impact": "yes"}),
    ("evidence_list", {"q": "work"}),
    ("this_week", None),
    ("evidence_timeline", None),
]


@pytest.mark.parametrize(("name", "params"), PAGES)
def test_list_pages_do_not_grow_with_rows(name, params, world, client):
    client.force_login(world.owner)
    _fill(world.owner, 1)
    one = _count(client, reverse(name), params)
    _fill(world.owner, 49)
    assert _count(client, reverse(name), params) == one


def test_a_mentor_viewing_a_list_does_not_grow_with_rows(world, client):
    client.force_login(world.mentor)
    _fill(world.owner, 1)
    one = _count(client, reverse("evidence_list"), {"person": world.owner.pk})
    _fill(world.owner, 49)
    assert _count(client, reverse("evidence_list"), {"person": world.owner.pk}) == one


def test_detail_and_history_do_not_grow_with_tags_or_revisions(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.owner)
    artifact = saved_artifact(world.owner, links=[("a", "https://a.example")])
    detail, history = (
        reverse("evidence_detail", args=[artifact.pk]),
        reverse("evidence_history", args=[artifact.pk]),
    )
    one = _count(client, detail), _count(client, history)
    for criterion in Criterion.objects.filter(ladder=world.owner.ladder):
        ArtifactTag.objects.create(artifact=artifact, criterion=criterion)
    from evidence.services import artifact_update

    for version in range(1, 20):
        artifact_update(
            artifact=artifact,
            data={"body": f"v{version}"},
            expected_version=version,
            by=world.owner,
        )
    assert (_count(client, detail), _count(client, history)) == one


def _capture_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("quick_capture"),
            {"line": "Fixed the flaky deploy"},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200 and "as a draft" in response.content.decode()
    return len(queries)


def test_quick_capture_costs_the_same_with_1_or_50_artifacts(world, client):
    client.force_login(world.owner)
    _fill(world.owner, 1)
    client.get(reverse("home"))  # the first request after login saves the session
    one = _capture_queries(client)
    _fill(world.owner, 49)
    assert _capture_queries(client) == one
