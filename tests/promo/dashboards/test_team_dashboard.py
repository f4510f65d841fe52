"""The My team dashboard: scope, filters, drill-down, manager change, CSV, query count."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from evidence.models import Artifact
from promo.dashboards.snapshots import snapshot_refresh
from promo.dashboards.team import ORG_PAGE_SIZE, PAGE_SIZE
from promo.models import ReadinessSnapshot, User
from tests.factories import engineer
from tests.page_queries import drawn_and_cached
from tests.promo.readiness.helpers import artifact

pytestmark = pytest.mark.django_db


def _refresh(*people):
    for person in people:
        snapshot_refresh(person_id=person.pk)


def _position(person, name):
    """Where criterion `name` stands among the person's snapshot cells, from 1."""
    names = [cell["name"] for cell in ReadinessSnapshot.objects.get(person=person).cells]
    return names.index(name) + 1


def _rows(response):
    """Who the page lists, in order (its rows may come from the cache: by their ids)."""
    names = {person.pk: str(person) for person in User.objects.all()}
    return [names[pk] for pk in response.context["shown"]]


def test_it_shows_direct_reports_by_default_and_the_org_on_request(client, world):
    _refresh(world.owner, world.manager, world.other_manager, world.other_engineer)
    client.force_login(world.director)
    direct = client.get(reverse("team"))
    assert str(world.owner) not in _rows(direct)
    assert str(world.manager) in _rows(direct)
    org = client.get(reverse("team"), {"scope": "org"})
    assert {str(world.owner), str(world.other_engineer)} <= set(_rows(org))
    assert b"Reports of" in org.content
    assert b"Counts include only evidence shared with managers" in org.content


def test_deep_trees_reach_every_level_below(client, world):
    chain, boss = [], world.owner
    for depth in range(8):
        boss = engineer(manager=boss, display_name=f"Depth {depth}")
        chain.append(boss)
    _refresh(*chain)
    client.force_login(world.manager)
    rows = _rows(client.get(reverse("team"), {"scope": "org"}))
    assert {str(p) for p in chain} <= set(rows)


def test_private_evidence_does_not_show_on_the_dashboard(client, world):
    slug = world.owner.ladder.criteria.first().slug
    artifact(world.owner, date.today(), tags={slug: "exemplary"}, visibility="private")
    _refresh(world.owner)
    client.force_login(world.manager)
    assert client.get(reverse("team")).context["shown"][0] == world.owner.pk
    snapshot = ReadinessSnapshot.objects.get(person=world.owner)
    assert sum(snapshot.strong_by_month) == 0
    assert snapshot.last_evidence_on is None


def test_filters_live_in_the_url(client, world):
    _refresh(world.owner)
    ReadinessSnapshot.objects.filter(person=world.owner).update(status="close", is_stale=False)
    client.force_login(world.manager)
    assert _rows(client.get(reverse("team"), {"status": "close"})) == [str(world.owner)]
    assert _rows(client.get(reverse("team"), {"status": "ready"})) == []
    assert _rows(client.get(reverse("team"), {"status": "stale"})) == []
    level = world.owner.level.code
    assert _rows(client.get(reverse("team"), {"level": level})) == [str(world.owner)]
    assert _rows(client.get(reverse("team"), {"level": "L99"})) == []
    org = {"scope": "org"}
    client.force_login(world.director)
    by_manager = client.get(reverse("team"), {**org, "manager": world.other_manager.pk})
    assert str(world.owner) not in _rows(by_manager)
    assert _rows(client.get(reverse("team"), {"status": "nonsense"})) is not None


def test_the_row_links_to_the_drill_down_and_the_htmx_branch_is_the_table(client, world):
    _refresh(world.owner)
    client.force_login(world.manager)
    page = client.get(reverse("team"))
    assert reverse("person_readiness", args=[world.owner.pk]).encode() in page.content
    partial = client.get(reverse("team"), headers={"HX-Request": "true"})
    assert b'id="dashboard"' in partial.content
    assert b"<html" not in partial.content


def test_a_manager_change_moves_access_with_history(client, world):
    slug = world.owner.ladder.criteria.first().slug
    artifact(world.owner, date(date.today().year - 1, 6, 1), tags={slug: "strong"})
    _refresh(world.owner)
    world.owner.manager = world.other_manager
    world.owner.save(update_fields=["manager"])
    drill = reverse("person_readiness", args=[world.owner.pk])
    client.force_login(world.manager)
    assert str(world.owner) not in _rows(client.get(reverse("team")))
    assert client.get(drill).status_code == 404
    client.force_login(world.other_manager)
    assert str(world.owner) in _rows(client.get(reverse("team")))
    drilled = client.get(drill)
    assert drilled.status_code == 200
    assert drilled.context["readiness"].criteria[0].total == 1  # the old evidence came along


def test_csv_exports_the_current_view_neutralised(client, world):
    world.owner.display_name = "=HYPERLINK(evil)"
    world.owner.save(update_fields=["display_name"])
    _refresh(world.owner)
    client.force_login(world.manager)
    response = client.get(reverse("team_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Engineer"
    assert rows[1][0] == "'=HYPERLINK(evil)"
    filtered = client.get(reverse("team_csv"), {"status": "ready"})
    assert len(list(csv.reader(io.StringIO(filtered.content.decode())))) == 1


def test_opening_a_case_still_works(client, world):
    client.force_login(world.manager)
    response = client.post(reverse("team_open_case"), {"person": world.owner.pk})
    assert response.status_code == 302


def test_it_refuses_other_methods(client, world):
    client.force_login(world.manager)
    assert client.put(reverse("team")).status_code == 405
    assert client.post(reverse("team")).status_code == 405
    assert client.get(reverse("team_open_case")).status_code == 405
    assert client.post(reverse("team_csv")).status_code == 405


def _team_of(manager, size):
    people = [engineer(manager=manager) for _ in range(size)]
    for person in people:
        Artifact.objects.create(owner=person, title="Work", happened_on=date.today())
    _refresh(*people)


@pytest.mark.parametrize("size", [1, 50])
def test_query_count_is_the_same_for_1_and_50_reports(client, size, world):
    boss = engineer("L7")
    _team_of(boss, size)
    client.force_login(boss)
    client.get(reverse("team"), {"scope": "org"})  # warm the session and caches
    for scope, page_size in (("direct", PAGE_SIZE), ("org", ORG_PAGE_SIZE)):
        # Page 2 of a single report is page 1 again; of 50, the next page of them.
        second = min(size - page_size, page_size) if size > page_size else size
        for page, shown in ((1, min(size, page_size)), (2, second)):
            url = reverse("team") + f"?scope={scope}&page={page}"
            assert drawn_and_cached(client, url) == QUERIES[connection.vendor][scope]
            assert len(client.get(url).context["shown"]) == shown


# Session, user, navigation, the summaries (the whole org's people below as a subquery),
# the chart's counts and, when the section is drawn, the rows (two); on PostgreSQL the
# section's version too, and a cached section reads no rows.
QUERIES = {
    "postgresql": {"direct": [8, 6], "org": [8, 6]},
    "sqlite": {"direct": [7, 7], "org": [7, 7]},
}


def test_a_large_org_is_paged_and_the_csv_holds_everyone(client, world, monkeypatch):
    monkeypatch.setattr("promo.dashboards.team.PAGE_SIZE", 2)
    boss = engineer("L7")
    _team_of(boss, 3)
    client.force_login(boss)
    first = client.get(reverse("team"))
    second = client.get(reverse("team"), {"page": 2})
    exported = client.get(reverse("team_csv"), {"page": 2})
    assert len(first.context["shown"]) == 2 and b"Next page" in first.content
    assert len(second.context["shown"]) == 1
    assert len(list(csv.reader(io.StringIO(exported.content.decode())))) == 4


# --- rows: cached HTML, per-row "Open a case", light filtering columns -------------------


def test_a_changed_snapshot_is_never_served_from_the_row_cache(client, world):
    _refresh(world.owner)
    client.force_login(world.manager)
    assert b"Olive Owner" in client.get(reverse("team")).content
    ReadinessSnapshot.objects.filter(person=world.owner).update(overdue_checkins=7)
    assert b"7 overdue" in client.get(reverse("team")).content
    world.owner.display_name = "Olive Renamed"
    world.owner.save(update_fields=["display_name"])
    assert b"Olive Renamed" in client.get(reverse("team")).content


def test_the_page_still_renders_when_the_cache_is_down(client, world, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    _refresh(world.owner)
    refused = RedisCache(  # the discard port: a real client whose connection is refused
        "redis://127.0.0.1:9/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    )
    monkeypatch.setattr("promo.dashboards.rows.shared_cache", refused)
    client.force_login(world.manager)
    response = client.get(reverse("team"))
    assert response.status_code == 200 and b"Olive Owner" in response.content


def test_each_row_without_an_open_case_has_its_own_open_button(client, world):
    _refresh(world.owner)
    client.force_login(world.manager)
    page = client.get(reverse("team")).content.decode()
    assert f'form="open-case" name="person" value="{world.owner.pk}"' in page
    assert 'id="open-case"' in page and "csrfmiddlewaretoken" in page
    response = client.post(reverse("team_open_case"), {"person": world.owner.pk})
    assert response.status_code == 302
    _refresh(world.owner)
    page = client.get(reverse("team")).content.decode()
    assert f'name="person" value="{world.owner.pk}"' not in page


def test_a_refused_case_is_explained_at_the_top(client, world):
    client.force_login(world.manager)
    response = client.post(reverse("team_open_case"), {"person": world.other_engineer.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "The case could not be opened." in page


def test_the_snapshot_counts_its_shown_cells(world):
    slug = world.owner.ladder.criteria.first().slug
    artifact(world.owner, date.today().replace(day=1), tags={slug: "exemplary"})
    snapshot = snapshot_refresh(person_id=world.owner.pk)
    assert snapshot.shown_count == sum(1 for cell in snapshot.cells if cell["shown"])


def test_each_criterion_cell_is_a_picture_with_its_words_in_the_row_and_the_csv(client, world):
    artifact(world.owner, date.today(), tags={"vision": "strong"}, title="Vision note")
    _refresh(world.owner)
    client.force_login(world.manager)
    page = client.get(reverse("team")).content.decode()
    assert '<svg class="mark"' in page and 'aria-hidden="true"' in page and "1/3 quarters" in page
    position = _position(world.owner, "Long-term vision")
    why = reverse("team_why_criterion", args=[world.owner.pk, position])
    assert f'href="{why}"' in page, "each cell links to its words"
    said = client.get(why, headers={"HX-Request": "true"}).content.decode()
    assert "Long-term vision: 1 of 4 quarters strong (needs 3); impact 0 of 2 matured" in said
    assert "no mentor call yet" in said and "<html" not in said
    rows = list(csv.reader(io.StringIO(client.get(reverse("team_csv")).content.decode())))
    vision = rows[1][rows[0].index("Long-term vision")]
    assert vision.startswith("not shown (building): 1/3 quarters | 1 of 4 quarters strong")
    assert "Long-term vision: strong evidence in 1 of the last 4 quarters (needs 3)" in vision


def test_each_report_has_a_forecast_line_in_the_row_and_the_csv(client, world):
    artifact(world.owner, date.today(), tags={"vision": "strong"}, title="Vision note")
    _refresh(world.owner)
    client.force_login(world.manager)
    page = client.get(reverse("team")).content.decode()
    assert "too little history" in page
    why = client.get(reverse("team_why", args=[world.owner.pk])).content.decode()
    assert "Forecast: not enough history: Scope and complexity" in why
    rows = list(csv.reader(io.StringIO(client.get(reverse("team_csv")).content.decode())))
    line = rows[1][rows[0].index("Forecast")]
    assert line.startswith("Forecast: not enough history:") and "Long-term vision" in line
