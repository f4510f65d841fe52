"""The readiness pages, My case, and the check-in pages."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promo.models import Gap, ImpactCheckIn
from promo.readiness.checkins.services import checkins_plan_for
from tests.promo.readiness.helpers import artifact, candidacy

SHIPPED = date(2025, 1, 6)


def due_checkin(owner, **fields):
    item = artifact(owner, SHIPPED, tags={"impact": "strong"}, shipped_on=SHIPPED, **fields)
    checkins_plan_for(item)
    return item.checkins.get(offset_days=30)


def test_my_readiness_shows_the_verdicts_heatmap_and_table(client, world):
    artifact(world.owner, date.today() - timedelta(days=3), tags={"vision": "exemplary"})
    client.force_login(world.owner)
    page = client.get(reverse("readiness")).content.decode()
    assert "Building for L6" in page
    assert "Long-term vision: strong evidence in 1 of the last 4 quarters (needs 3)" in page
    assert "<svg" in page and "strongest exemplary" in page
    assert "The same data as a table" in page and "no verdict yet" in page
    assert "style=" not in page
    assert f"{reverse('evidence_list')}?criterion=vision&amp;month=" in page


def test_the_htmx_branch_returns_only_the_readiness_section(client, world):
    client.force_login(world.owner)
    response = client.get(reverse("readiness"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="readiness"') and "<html" not in body
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_my_readiness_fetches_itself_again_when_evidence_is_captured(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("readiness")).content.decode()
    listener = (
        f'<div id="readiness" hx-get="{reverse("readiness")}" '
        'hx-trigger="evidence-captured from:body" hx-swap="outerHTML">'
    )
    assert listener in page
    # The fragment it fetches carries the same listener, so the next capture works too.
    fragment = client.get(reverse("readiness"), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith(listener)


def test_someone_elses_readiness_does_not_listen_for_my_captures(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("person_readiness", args=[world.owner.pk])).content.decode()
    assert '<div id="readiness">' in page and "evidence-captured" not in page


def test_a_manager_sees_only_shared_evidence_and_no_checkins(client, world):
    artifact(world.owner, date.today(), tags={"scope": "strong"}, visibility="private")
    due_checkin(world.owner)
    client.force_login(world.manager)
    page = client.get(reverse("person_readiness", args=[world.owner.pk])).content.decode()
    assert "Counted from the evidence Olive Owner shares with you" in page
    assert "0 exemplary, 0 strong, 0 signal" in page
    assert "Impact check-ins due" not in page
    assert f"person={world.owner.pk}" in page


def test_it_refuses_someone_elses_readiness_to_outsiders(client, world):
    client.force_login(world.other_manager)
    assert client.get(reverse("person_readiness", args=[world.owner.pk])).status_code == 404


def test_it_refuses_post_on_readiness(client, world):
    client.force_login(world.owner)
    assert client.post(reverse("readiness")).status_code == 405


def test_someone_on_no_ladder_is_told_so(client, world):
    client.force_login(world.staff)
    assert "is on no career ladder yet" in client.get(reverse("readiness")).content.decode()


def test_my_case_includes_readiness_and_due_checkins(client, world):
    case = candidacy(world.owner)
    vision = world.owner.ladder.criteria.get(slug="vision")
    Gap.objects.create(candidacy=case, criterion=vision, text="Write the payments vision")
    checkin = due_checkin(world.owner, title="Faster checkout")
    client.force_login(world.owner)
    page = client.get(reverse("case")).content.decode()
    assert "Readiness for L6" in page and "Impact check-ins due" in page
    assert page.count("Write the payments vision") == 1  # My case lists gaps itself
    standalone = client.get(reverse("readiness")).content.decode()
    assert "Write the payments vision" in standalone and "1 gap from past feedback" in standalone
    assert reverse("checkin_record", args=[checkin.pk]) in page
    no_case = world.other_engineer
    client.force_login(no_case)
    assert "Readiness for L6" in client.get(reverse("case")).content.decode()


@pytest.mark.parametrize("viewer", ["owner", "manager"])
def test_the_readiness_page_runs_constant_queries(client, world, viewer):
    candidacy(world.owner)
    client.force_login(getattr(world, viewer))
    url = reverse("person_readiness", args=[world.owner.pk])
    client.get(url)  # warm the session
    counts = []
    for count in (1, 199):
        for week in range(count):
            day = date.today() - timedelta(weeks=week + 1)
            item = artifact(world.owner, day, tags={"vision": "strong"}, shipped_on=day)
            checkins_plan_for(item)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    if connection.vendor == "postgresql":
        with CaptureQueriesContext(connection) as queries:
            client.get(url)  # the section from the cache
        # Session, user, the person, the navigation's roles, the section's version, the
        # pulse panel's reads; a manager adds how they stand to the engineer (chain and
        # mentor in one statement, shared with the pulse panel) and the audit entry.
        assert len(queries) == {"owner": 6, "manager": 8}[viewer], queries.captured_queries


def test_the_owner_records_a_due_checkin(client, world):
    checkin = due_checkin(world.owner, title="Faster checkout")
    client.force_login(world.owner)
    assert "Faster checkout" in client.get(reverse("checkins_due")).content.decode()
    assert client.get(reverse("checkin_record", args=[checkin.pk])).status_code == 200
    response = client.post(
        reverse("checkin_record", args=[checkin.pk]),
        {
            "outcome": "Checkout p99 halved",
            "metric_before": "900 ms",
            "metric_after": "450 ms",
            "version": checkin.version,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("checkins_due")
    checkin.refresh_from_db()
    assert checkin.is_recorded and checkin.metric_after == "450 ms"


def test_bad_input_is_explained_and_the_typing_kept(client, world):
    checkin = due_checkin(world.owner)
    client.force_login(world.owner)
    response = client.post(
        reverse("checkin_record", args=[checkin.pk]),
        {"outcome": "Adopted by two teams", "metric_before": "3", "link": "bad", "version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a valid URL" in page
    assert "Adopted by two teams" in page and 'value="3"' in page
    assert not ImpactCheckIn.objects.get(pk=checkin.pk).is_recorded


def test_a_checkin_not_yet_due_is_refused_with_its_date(client, world):
    item = artifact(world.owner, date.today(), shipped_on=date.today())
    checkins_plan_for(item)
    checkin = item.checkins.get(offset_days=30)
    client.force_login(world.owner)
    url = reverse("checkin_record", args=[checkin.pk])
    response = client.post(url, {"outcome": "Early", "version": 1})
    assert f"opens on {checkin.due_on:%Y-%m-%d}" in response.content.decode()


def test_htmx_recording_redirects_the_client_and_shows_errors_in_place(client, world):
    checkin = due_checkin(world.owner)
    client.force_login(world.owner)
    url = reverse("checkin_record", args=[checkin.pk])
    errors = client.post(url, {"outcome": "", "version": 1}, headers={"HX-Request": "true"})
    assert errors.content.decode().lstrip().startswith('<form id="checkin-form"')
    done = client.post(url, {"outcome": "Held up", "version": 1}, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == reverse("checkins_due")


def test_only_the_owner_records_and_outsiders_are_not_told_it_exists(client, world):
    checkin = due_checkin(world.owner)
    url = reverse("checkin_record", args=[checkin.pk])
    client.force_login(world.mentor)
    assert client.post(url, {"outcome": "x"}).status_code == 403
    client.force_login(world.other_engineer)
    assert client.get(url).status_code == 404
    private = due_checkin(world.owner, visibility="private")
    client.force_login(world.manager)
    assert client.get(reverse("checkin_record", args=[private.pk])).status_code == 404


def test_it_refuses_delete_on_a_checkin(client, world):
    checkin = due_checkin(world.owner)
    client.force_login(world.owner)
    assert client.delete(reverse("checkin_record", args=[checkin.pk])).status_code == 405


def test_the_checkins_list_runs_constant_queries_and_has_an_htmx_branch(client, world):
    client.force_login(world.owner)
    url = reverse("checkins_due")
    client.get(url)  # warm the session
    counts = []
    for count in (1, 40):
        for _ in range(count):
            due_checkin(world.owner)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # Grouped by artifact: each artifact once, with its 30- and 90-day check-ins, all
    # folded under "still open" since they fell due long ago.
    assert page.count("<legend>Work of 2025-01-06</legend>") == 41
    assert page.count("-day check-in <span") == 2 * 41
    assert "82 older check-ins still open" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="checkins">')


def test_a_heatmap_cell_leads_to_exactly_the_evidence_behind_it(client, world):
    from promo.readiness.calendar import month_start
    from promo.readiness.context import evidence_link

    this_month = month_start(date.today())
    last_month = month_start(this_month - timedelta(days=1))
    artifact(world.owner, this_month, tags={"vision": "strong"}, title="Vision now")
    artifact(world.owner, last_month, tags={"vision": "strong"}, title="Vision before")
    artifact(world.owner, this_month, tags={"scope": "strong"}, title="Scope now")
    vision = world.owner.ladder.criteria.get(slug="vision")
    client.force_login(world.manager)
    url = evidence_link(vision, this_month, person=world.owner, viewer=world.manager)
    page = client.get(url).content.decode()
    assert "Vision now" in page
    assert "Vision before" not in page and "Scope now" not in page
