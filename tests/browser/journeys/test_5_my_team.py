"""Journey 5: the manager opens My team, filters to "stale", drills into a report and
exports the view as CSV. The filters are a GET form (htmx only swaps the table), so this
runs with JavaScript off as well."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from promo.dashboards.snapshots import snapshot_refresh
from promo.models import ReadinessSnapshot
from tests.browser.conftest import log_in
from tests.factories import engineer
from tests.reviews.factories import artifact, criteria_of, days_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _team_with_one_stale_report(world):
    busy = engineer(
        "L5",
        display_name="Bea Busy",
        email="bea@example.com",
        team=world.owner.team,
        manager=world.manager,
    )
    scope = criteria_of(busy)[0]
    artifact(busy, "Shipped the refunds API", tags=[(scope, "strong")], happened_on=days_ago(3))
    artifact(world.owner, "Old win", tags=[(scope, "strong")], happened_on=days_ago(200))
    for person in (busy, world.owner):
        snapshot_refresh(person_id=person.pk)
    assert ReadinessSnapshot.objects.get(person=world.owner).is_stale
    assert not ReadinessSnapshot.objects.get(person=busy).is_stale
    return busy


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_5_the_manager_finds_a_stale_report_and_exports_the_view(
    new_page, world, javascript, tmp_path
):
    busy = _team_with_one_stale_report(world)
    page = new_page(javascript=javascript)
    log_in(page, world.manager)

    page.get_by_role("link", name="My team").click()
    dashboard = page.locator("#dashboard")
    expect(dashboard.get_by_role("link", name=str(busy))).to_be_visible()

    page.get_by_role("combobox", name=re.compile("^Readiness")).select_option(label="Stale")
    if not javascript:
        page.get_by_role("button", name="Apply").click()
    dashboard.get_by_role("link", name=str(busy)).wait_for(state="detached")
    page.wait_for_url(re.compile(r"status=stale"))  # the filter lives in the URL either way
    expect(dashboard.get_by_role("link", name=str(world.owner))).to_be_visible()

    with page.expect_download() as download:
        dashboard.get_by_role("link", name="Download this view as CSV").click()
    saved = tmp_path / "team.csv"
    download.value.save_as(saved)
    exported = Path(saved).read_text()
    assert str(world.owner) in exported and str(busy) not in exported

    dashboard.get_by_role("link", name=str(world.owner)).click()
    page.get_by_role("heading", name=str(world.owner)).first.wait_for()
    page.locator("svg.heatmap").wait_for()
