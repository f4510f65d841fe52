"""An artifact's page body comes from the cache until something it shows changes
(evidence/detail_body.py). Each change test views the page first, as the owner and as their
manager, so both bodies are cached, then changes one thing the body shows, through a
service or with a bare update no service sees, and views it again."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from evidence.models import ArtifactLink, ArtifactTag
from evidence.services import artifact_update
from promo.models import Attestation, Criterion, Expectation, Team, User
from promo.org.services import user_set_manager
from tests.evidence.factories import saved_artifact
from tests.page_queries import drawn_and_cached


def _page(person, artifact, query=""):
    client = Client()
    client.force_login(person)
    response = client.get(reverse("evidence_detail", args=[artifact.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _criterion(world):
    return Criterion.objects.filter(ladder=world.owner.ladder).order_by("position").first()


def _retitle(world, artifact):
    artifact_update(
        artifact=artifact, data={"title": "Halved the p99"}, expected_version=1, by=world.owner
    )
    return "Halved the p99"


def _tag_by_hand(world, artifact):
    criterion = _criterion(world)
    Criterion.objects.filter(pk=criterion.pk).update(name="Reach beyond the team")
    ArtifactTag.objects.create(artifact=artifact, criterion=criterion, rationale="Three teams")
    return "Three teams"


def _rename_tagged_criterion(world, artifact):
    criterion = _criterion(world)
    ArtifactTag.objects.create(artifact=artifact, criterion=criterion)
    _page(world.owner, artifact)
    _page(world.manager, artifact)
    Criterion.objects.filter(pk=criterion.pk).update(name="Reach beyond the team")
    return "Reach beyond the team"


def _rewrite_expectation(world, artifact):
    criterion = _criterion(world)
    ArtifactTag.objects.create(artifact=artifact, criterion=criterion)
    _page(world.owner, artifact)
    Expectation.objects.filter(criterion=criterion).update(text="Lifts three teams")
    return "Lifts three teams"


def _add_link_by_hand(world, artifact):
    ArtifactLink.objects.create(artifact=artifact, label="The design doc", url="https://d.example")
    return "The design doc"


def _adopted_by_a_team(world, artifact):
    artifact.teams_adopted.add(Team.objects.create(name="Ledger"))
    return "Ledger"


def _confirmed(world, artifact):
    Attestation.objects.create(
        artifact=artifact,
        attester=world.other_engineer,
        question="Did it help?",
        status="confirmed",
        statement="It cut our pages in half",
    )
    return "It cut our pages in half"


def _manager_changes(world, artifact):
    Attestation.objects.create(
        artifact=artifact, attester=world.other_manager, question="Q?", status="confirmed"
    )
    _page(world.owner, artifact)
    _page(world.manager, artifact)
    user_set_manager(user=world.owner, manager=world.other_manager, by=None)
    return "Confirmed by their manager"


def _rename_the_owner(world, artifact):
    User.objects.filter(pk=world.owner.pk).update(display_name="Olive Renamed")
    return "Olive Renamed"


@pytest.mark.parametrize(
    "change",
    [
        _retitle,
        _tag_by_hand,
        _rename_tagged_criterion,
        _rewrite_expectation,
        _add_link_by_hand,
        _adopted_by_a_team,
        _confirmed,
        _manager_changes,
        _rename_the_owner,
    ],
)
def test_a_change_to_what_the_page_shows_is_shown_at_once(world, change):
    artifact = saved_artifact(world.owner, visibility="mentors_and_manager")
    reader = world.owner if change is not _rename_the_owner else world.manager
    before = _page(reader, artifact)
    _page(world.manager, artifact)
    shown = change(world, artifact)
    assert shown not in before
    if change is _manager_changes:
        reader = world.owner  # the new manager's label, on the owner's page
    assert shown in _page(reader, artifact)


def test_the_owner_and_a_reader_never_share_a_body(world):
    artifact = saved_artifact(world.owner, visibility="mentors_and_manager")
    own, theirs = _page(world.owner, artifact), _page(world.manager, artifact)
    assert "Move to trash" in own and "Move to trash" not in theirs
    assert "<dt>By</dt>" in theirs and "<dt>By</dt>" not in own


def test_a_cached_body_carries_the_viewers_own_csrf_token(world):
    artifact = saved_artifact(world.owner)
    _page(world.owner, artifact)  # another session draws and caches the body
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    page = client.get(reverse("evidence_detail", args=[artifact.pk])).content.decode()
    assert "csrf-token-slot" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    criterion = _criterion(world)
    response = client.post(
        reverse("evidence_tags", args=[artifact.pk]),
        {"criterion": criterion.pk, "strength": "signal", "csrfmiddlewaretoken": token},
    )
    assert response.status_code in (200, 302)
    assert ArtifactTag.objects.filter(artifact=artifact, criterion=criterion).exists()


def test_a_chosen_criterion_is_drawn_afresh(world):
    artifact = saved_artifact(world.owner)
    criterion = _criterion(world)
    _page(world.owner, artifact)
    page = _page(world.owner, artifact, f"?criterion={criterion.pk}")
    assert f'<option value="{criterion.pk}" selected>' in page


def test_a_cached_view_holds_its_queries_as_the_artifact_grows(client, world):
    artifact = saved_artifact(world.owner, links=[("a", "https://a.example")])
    client.force_login(world.owner)
    url = reverse("evidence_detail", args=[artifact.pk])
    client.get(reverse("home"))  # warm the session
    one = drawn_and_cached(client, url)
    for criterion in Criterion.objects.filter(ladder=world.owner.ladder):
        ArtifactTag.objects.create(artifact=artifact, criterion=criterion)
    for n in range(10):
        ArtifactLink.objects.create(artifact=artifact, label=f"l{n}", url=f"https://{n}.example")
    assert drawn_and_cached(client, url) == one
    if connection.vendor == "postgresql":
        # Session, user, the artifact, the body's version, the navigation's roles.
        assert one[1] == 5, one
