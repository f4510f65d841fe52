"""A row's words on request: My team sends each cell's picture and few words, and the
sentences behind them come from team_why when a cell is selected (htmx puts them in the
cell; without JavaScript the link is a page of its own)."""

from datetime import date

import pytest
from django.urls import reverse

from promo.dashboards.snapshots import snapshot_refresh
from tests.factories import engineer
from tests.promo.readiness.helpers import artifact

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def report(world):
    artifact(world.owner, date.today(), tags={"vision": "strong"}, title="Vision note")
    return snapshot_refresh(person_id=world.owner.pk)


def _position(snapshot, name):
    return [cell["name"] for cell in snapshot.cells].index(name) + 1


def test_the_team_page_links_each_cell_to_its_words(client, world, report):
    client.force_login(world.manager)
    page = client.get(reverse("team")).content.decode()
    assert 'hx-boost="true" hx-target="closest td" hx-push-url="false"' in page
    for position in range(1, len(report.cells) + 1):
        assert reverse("team_why_criterion", args=[world.owner.pk, position]) in page
    assert reverse("team_why", args=[world.owner.pk]) in page
    assert report.sentence not in page, "the sentences come on request"
    # The drill-down and the case are ordinary links, not loaded into a cell.
    readiness = reverse("person_readiness", args=[world.owner.pk])
    assert f'<a href="{readiness}" hx-boost="false">' in page


def test_htmx_gets_the_cell_open_with_its_sentence(client, world, report):
    client.force_login(world.manager)
    position = _position(report, "Long-term vision")
    url = reverse("team_why_criterion", args=[world.owner.pk, position])
    fragment = client.get(url, headers=HTMX).content.decode()
    assert fragment.startswith('<details class="explain mark-cell" open>')
    assert "<html" not in fragment and '<use href="#mk-' in fragment
    assert '<symbol id="mk-' in fragment, "its picture even if the snapshot has changed"
    assert "Long-term vision: strong evidence in 1 of the last 4 quarters" in fragment
    assert "Long-term vision: 1 of 4 quarters strong (needs 3)" in fragment


def test_without_javascript_the_link_is_a_page_with_its_own_picture(client, world, report):
    client.force_login(world.manager)
    url = reverse("team_why_criterion", args=[world.owner.pk, 1])
    page = client.get(url).content.decode()
    assert "<html" in page and "Back to My team" in page
    key = page.split('<use href="#', 1)[1].split('"', 1)[0]
    assert f'<symbol id="{key}"' in page, "the picture is defined on the page"
    whole = client.get(reverse("team_why", args=[world.owner.pk])).content.decode()
    assert report.sentence in whole and "<html" in whole


def test_htmx_gets_the_readiness_sentence_and_forecast(client, world, report):
    client.force_login(world.manager)
    fragment = client.get(reverse("team_why", args=[world.owner.pk]), headers=HTMX)
    text = fragment.content.decode()
    assert text.startswith('<details class="explain" open>') and report.sentence in text
    assert "Forecast:" in text and fragment["Vary"].count("HX-Request") == 1


def test_only_someone_above_the_person_reads_it(client, world, report):
    url = reverse("team_why_criterion", args=[world.owner.pk, 1])
    for outsider in (world.other_manager, world.mentor, world.owner):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(world.director)
    assert client.get(url).status_code == 200, "the whole org below a director"


def test_unknown_positions_and_missing_snapshots_are_404(client, world, report):
    client.force_login(world.manager)
    beyond = len(report.cells) + 1
    for position in (0, beyond):
        url = reverse("team_why_criterion", args=[world.owner.pk, position])
        assert client.get(url).status_code == 404
    newcomer = engineer(manager=world.manager)
    assert client.get(reverse("team_why", args=[newcomer.pk])).status_code == 404
