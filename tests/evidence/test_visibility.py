"""Who sees what: every persona against every visibility, plus drafts."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from evidence.access import artifact_for_viewer, artifacts_visible_to, readable_among
from evidence.models import Artifact
from tests.evidence.factories import ArtifactFactory

V = Artifact.Visibility
# persona -> the visibilities they may read on the owner's artifacts
EXPECTED = {
    "owner": {V.PRIVATE, V.MENTORS, V.MENTORS_AND_MANAGER},
    "other_engineer": set(),
    "mentor": {V.MENTORS, V.MENTORS_AND_MANAGER},
    "unassigned_mentor": set(),
    "manager": {V.MENTORS_AND_MANAGER},
    "other_manager": set(),
    "staff": {V.MENTORS_AND_MANAGER},
}


@pytest.fixture
def shelf(world):
    return {v: ArtifactFactory(owner=world.owner, visibility=v, title=f"{v} work") for v in V}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_visibility_for_every_persona(persona, world, shelf, client):
    viewer = world.personas()[persona]
    visible = set(artifacts_visible_to(viewer, world.owner).values_list("visibility", flat=True))
    assert visible == EXPECTED[persona]
    client.force_login(viewer)
    for visibility, artifact in shelf.items():
        response = client.get(reverse("evidence_detail", args=[artifact.pk]))
        assert response.status_code == (200 if visibility in EXPECTED[persona] else 404)


def test_managers_above_the_manager_see_shared_work(world):
    artifact = ArtifactFactory(owner=world.owner)
    assert artifact_for_viewer(world.director, artifact.pk) == artifact


@pytest.mark.parametrize("persona", ["mentor", "manager", "staff"])
def test_it_hides_drafts_from_everyone_but_the_owner(persona, world):
    draft = ArtifactFactory(owner=world.owner, is_draft=True)
    viewer = world.personas()[persona]
    assert not artifacts_visible_to(viewer, world.owner).exists()
    with pytest.raises(Http404):
        artifact_for_viewer(viewer, draft.pk)
    assert artifact_for_viewer(world.owner, draft.pk) == draft


@pytest.mark.parametrize("persona", ["mentor", "manager", "staff"])
def test_readers_cannot_write(persona, world):
    artifact = ArtifactFactory(owner=world.owner)
    with pytest.raises(PermissionDenied):
        artifact_for_viewer(world.personas()[persona], artifact.pk, write=True)


def test_trashed_artifacts_are_gone_for_readers(world):
    artifact = ArtifactFactory(owner=world.owner, deleted_at="2026-01-01T00:00Z")
    with pytest.raises(Http404):
        artifact_for_viewer(world.manager, artifact.pk)
    with pytest.raises(Http404):
        artifact_for_viewer(world.owner, artifact.pk)


def test_a_mentor_lists_a_mentees_shared_evidence_but_not_private(world, shelf, client):
    client.force_login(world.mentor)
    response = client.get(reverse("evidence_list"), {"person": world.owner.pk})
    assert response.status_code == 200
    titles = {a.title for a in response.context["page"]}
    assert titles == {"mentors work", "mentors_and_manager work"}


def test_an_outsider_cannot_list_someones_evidence(world, shelf, client):
    client.force_login(world.other_engineer)
    response = client.get(reverse("evidence_list"), {"person": world.owner.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_readable_among_follows_the_same_rule(persona, world, shelf):
    viewer = world.personas()[persona]
    draft = ArtifactFactory(owner=world.owner, is_draft=True, visibility=V.MENTORS_AND_MANAGER)
    trashed = ArtifactFactory(owner=world.owner, visibility=V.MENTORS_AND_MANAGER)
    trashed.deleted_at = timezone.now()
    trashed.save(update_fields=["deleted_at"])
    someone_elses = ArtifactFactory(owner=world.other_engineer, visibility=V.MENTORS_AND_MANAGER)
    ids = [a.pk for a in shelf.values()] + [draft.pk, trashed.pk, someone_elses.pk]

    readable = readable_among(viewer, world.owner, ids)

    assert readable == {a.pk: a for a in artifacts_visible_to(viewer, world.owner)}
    assert {a.visibility for a in readable.values()} == EXPECTED[persona]
    assert (draft.pk in readable) is (persona == "owner")
    assert trashed.pk not in readable and someone_elses.pk not in readable
    assert readable_among(viewer, world.owner, []) == {}
    assert readable_among(viewer, world.owner, [10**30, 0]) == {}  # cited, but no such ids
