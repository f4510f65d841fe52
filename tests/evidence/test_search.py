from django.db import connection
from django.urls import reverse

from tests.conftest import require
from tests.evidence.factories import ArtifactFactory


def _search(client, text):
    return client.get(reverse("evidence_list"), {"q": text})


def test_search_ranks_title_matches_first_and_stems_on_postgres(world, client):
    require(connection.vendor == "postgresql", "full-text search needs PostgreSQL")
    ArtifactFactory(owner=world.owner, title="Quarterly planning", body="We migrated caches.")
    ArtifactFactory(owner=world.owner, title="Migrating the cache layer", body="Moved it.")
    ArtifactFactory(owner=world.owner, title="Unrelated", body="Nothing to see.")
    client.force_login(world.owner)
    page = _search(client, "migration").context["page"]
    # "migration" finds "migrated" and "Migrating" (stemming); the title hit ranks first.
    assert [a.title for a in page] == ["Migrating the cache layer", "Quarterly planning"]
    html = _search(client, "migration").content.decode()
    assert "<mark>migrated</mark>" in html
    assert "<mark>Migrating</mark>" in html


def test_search_uses_websearch_syntax_on_postgres(world, client):
    require(connection.vendor == "postgresql", "full-text search needs PostgreSQL")
    ArtifactFactory(owner=world.owner, title="Cache rollout", body="redis")
    ArtifactFactory(owner=world.owner, title="Cache incident", body="memcached")
    client.force_login(world.owner)
    page = _search(client, "cache -redis").context["page"]
    assert [a.title for a in page] == ["Cache incident"]


def test_search_falls_back_to_a_plain_match(world, client):
    ArtifactFactory(owner=world.owner, title="Cache rollout", impact="Saved $40k")
    ArtifactFactory(owner=world.owner, title="Other")
    client.force_login(world.owner)
    assert [a.title for a in _search(client, "40k").context["page"]] == ["Cache rollout"]


def test_search_only_covers_what_the_viewer_may_see(world, client):
    ArtifactFactory(owner=world.owner, title="Secret cache plan", visibility="private")
    client.force_login(world.manager)
    response = client.get(reverse("evidence_list"), {"q": "cache", "person": world.owner.pk})
    assert list(response.context["page"]) == []
