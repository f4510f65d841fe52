"""The evidence list's body comes from the cache until something it shows changes
(evidence/list_body.py). Each change test views the list first, as the owner and as their
manager, so both bodies are cached, then changes one thing the body shows, through a
service or with a bare update no service sees, and views it again."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.models import Criterion, User
from tests.evidence.factories import saved_artifact
from tests.page_queries import drawn_and_cached

SHARED = "mentors_and_manager"


def _list(person, owner, query=None):
    client = Client()
    client.force_login(person)
    data = dict(query or {})
    if person != owner:
        data["person"] = owner.pk
    response = client.get(reverse("evidence_list"), data)
    assert response.status_code == 200
    return response.content.decode()


def _criterion(world):
    return Criterion.objects.filter(ladder=world.owner.ladder).order_by("position").first()


def _retitle_by_hand(world, artifact):
    Artifact.objects.filter(pk=artifact.pk).update(title="Halved the p99")
    return "Halved the p99"


def _tag_by_hand(world, artifact):
    criterion = _criterion(world)
    Criterion.objects.filter(pk=criterion.pk).update(name="Reach beyond the team")
    ArtifactTag.objects.create(artifact=artifact, criterion=criterion)
    return "Reach beyond the team <span"


def _rename_tagged_criterion(world, artifact):
    ArtifactTag.objects.create(artifact=artifact, criterion=_criterion(world))
    _list(world.owner, world.owner)
    _list(world.manager, world.owner)
    Criterion.objects.filter(pk=_criterion(world).pk).update(name="Reach beyond the team")
    return "Reach beyond the team <span"


def _log_another(world, artifact):
    saved_artifact(world.owner, title="Wrote the migration guide", visibility=SHARED)
    return "2 artifacts"


def _rename_the_owner(world, artifact):
    User.objects.filter(pk=world.owner.pk).update(display_name="Olive Renamed")
    return "<h1>Olive Renamed’s evidence</h1>"


def _add_a_criterion_to_the_ladder(world, artifact):
    Criterion.objects.create(
        ladder=world.owner.ladder, slug="roadmap", name="Writes the roadmap", position=99
    )
    return '<option value="roadmap">Writes the roadmap</option>'


@pytest.mark.parametrize(
    "change",
    [
        _retitle_by_hand,
        _tag_by_hand,
        _rename_tagged_criterion,
        _log_another,
        _rename_the_owner,
        _add_a_criterion_to_the_ladder,
    ],
)
def test_a_change_to_what_the_list_shows_is_shown_at_once(world, change):
    artifact = saved_artifact(world.owner, title="Cut checkout latency", visibility=SHARED)
    reader = world.manager if change is _rename_the_owner else world.owner
    before = _list(reader, world.owner)
    _list(world.manager if reader == world.owner else world.owner, world.owner)
    shown = change(world, artifact)
    assert shown not in before
    assert shown in _list(reader, world.owner)


def test_evidence_made_private_or_trashed_leaves_the_managers_list_at_once(world):
    private = saved_artifact(world.owner, title="Soon private", visibility=SHARED)
    trashed = saved_artifact(world.owner, title="Soon trashed", visibility=SHARED)
    before = _list(world.manager, world.owner)
    assert "Soon private" in before and "Soon trashed" in before
    Artifact.objects.filter(pk=private.pk).update(visibility="private")
    Artifact.objects.filter(pk=trashed.pk).update(deleted_at=timezone.now())
    after = _list(world.manager, world.owner)
    assert "Soon private" not in after and "Soon trashed" not in after
    assert "0 artifacts" in after


def test_the_owner_and_a_reader_never_share_a_body(world):
    saved_artifact(world.owner, title="Cut checkout latency", visibility=SHARED)
    own, theirs = _list(world.owner, world.owner), _list(world.manager, world.owner)
    assert "<h1>My evidence</h1>" in own and "<h1>My evidence</h1>" not in theirs
    assert f'name="person" value="{world.owner.pk}"' in theirs


def test_each_page_has_its_own_body_and_a_page_past_the_end_shows_the_last(world):
    for n in range(25):
        saved_artifact(world.owner, title=f"Win number {n:02d}")
    first = _list(world.owner, world.owner)
    second = _list(world.owner, world.owner, {"page": 2})
    assert "Win number 24" in first and "Win number 24" not in second
    assert "Win number 00" in second and "Page 2 of 2" in second
    assert "Win number 00" in _list(world.owner, world.owner, {"page": 9})


def test_a_filter_is_drawn_afresh(world):
    saved_artifact(world.owner, title="An incident review", kind="incident")
    saved_artifact(world.owner, title="A talk", kind="talk")
    _list(world.owner, world.owner)
    page = _list(world.owner, world.owner, {"kind": "incident"})
    assert '<option value="incident" selected>' in page
    assert "An incident review" in page and "A talk" not in page


def test_a_cached_view_holds_its_queries_as_the_evidence_grows(client, world):
    saved_artifact(world.owner, title="The first")
    client.force_login(world.owner)
    url = reverse("evidence_list")
    client.get(reverse("home"))  # warm the session
    one = drawn_and_cached(client, url)
    criteria = list(Criterion.objects.filter(ladder=world.owner.ladder))
    for n in range(30):
        artifact = saved_artifact(world.owner, title=f"Win {n}")
        for criterion in criteria:
            ArtifactTag.objects.create(artifact=artifact, criterion=criterion)
    assert drawn_and_cached(client, url) == one
    if connection.vendor == "postgresql":
        # Session, user, the body's version, the navigation's roles.
        assert one[1] == 4, one
