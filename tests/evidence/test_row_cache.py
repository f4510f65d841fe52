"""Rows of evidence lists and This week's earlier weeks come from the shared cache, keyed
by what they show: an edit shows at once, and so does a tag."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from evidence.models import ArtifactTag
from evidence.services import artifact_update
from promo.models import Criterion
from tests.evidence.factories import saved_artifact

pytestmark = pytest.mark.django_db

LIST_PAGES = ["evidence_list", "evidence_timeline", "this_week"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_an_edited_title_and_a_new_tag_show_on_a_page_drawn_before(name, world, client):
    artifact = saved_artifact(world.owner, title="Cut checkout latency")
    client.force_login(world.owner)
    url = reverse(name)
    assert "Cut checkout latency" in client.get(url).content.decode()
    artifact_update(
        artifact=artifact,
        data={"title": "Halved checkout latency"},
        expected_version=1,
        by=world.owner,
    )
    page = client.get(url).content.decode()
    assert "Halved checkout latency" in page and "Cut checkout latency" not in page
    criterion = Criterion.objects.filter(ladder=world.owner.ladder).first()
    ArtifactTag.objects.create(artifact=artifact, criterion=criterion, strength="strong")
    assert f"{criterion.name} <span" in client.get(url).content.decode()


def test_an_earlier_week_shows_an_edited_title(world, client):
    last_week = timezone.localdate() - timedelta(days=7)
    artifact = saved_artifact(world.owner, title="Paired on the deploy", happened_on=last_week)
    client.force_login(world.owner)
    assert "Paired on the deploy" in client.get(reverse("this_week")).content.decode()
    artifact_update(
        artifact=artifact, data={"title": "Fixed the deploy"}, expected_version=1, by=world.owner
    )
    page = client.get(reverse("this_week")).content.decode()
    assert "Fixed the deploy" in page and "Paired on the deploy" not in page


def test_a_row_drawn_once_is_then_read_from_the_cache(world, client):
    # A title of its own: test runs in parallel share the cache, and a row's key is what
    # it shows, so only this test's row may carry the mark below.
    title = f"Cut checkout latency {uuid4().hex}"
    saved_artifact(world.owner, title=title)
    client.force_login(world.owner)
    # A filtered list is drawn on every view (the unfiltered body is cached whole), its
    # rows from the row cache.
    filtered = {"kind": ""}
    assert title in client.get(reverse("evidence_list"), filtered).content.decode()
    drawn = [
        key for key in _keys() if key.startswith("artifact-row:") and title in cache.get(key, "")
    ]
    assert drawn
    for key in drawn:  # mark what the cache holds: the next page must show the mark
        cache.set(key, cache.get(key).replace(title, f"{title} (cached)"))
    page = client.get(reverse("evidence_list"), filtered).content.decode()
    assert f"{title} (cached)" in page


def _rows(page):
    return page[page.index('<ol class="artifact-list">') : page.index("</ol>")]


def _keys():
    """The keys the cache holds, from either backend the tests may run on."""
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):  # LocMemCache
        return [key.split(":", 2)[-1] for key in backend]
    client = cache._cache.get_client(None, write=False)
    return [key.decode().split(":", 2)[-1] for key in client.keys("*")]
