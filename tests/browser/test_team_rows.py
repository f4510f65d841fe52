"""My team as a picture: 25 reports fit on two screens, each row at most 72 px tall at
1280 px wide, its sentences one click away (sent on request: into the cell with
JavaScript, a page of their own without), readable without JavaScript and by axe."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evidence.models import Artifact
from promo.dashboards.snapshots import snapshot_refresh
from promo.readiness.checkins.services import checkins_plan_for
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import engineer
from tests.promo.readiness.helpers import artifact, candidacy, record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUGS = ["scope", "impact", "better-than-found", "leverage", "vision", "growing-others"]
ROW_LIMIT_PX = 72
SHARED = Artifact.Visibility.MENTORS_AND_MANAGER


def _a_year_of_work(person, seed):
    """Strong evidence most quarters on some criteria, shipped work with and without
    check-ins, a case with a target date for some: rows of every shape."""
    today = date.today()
    for back in range(0, 360, 45 + seed % 4 * 10):
        day = today - timedelta(days=back)
        slugs = SLUGS[(seed + back) % 6 :][:3] or SLUGS[:2]
        shipped = day if back % 90 == 0 else None
        item = artifact(
            person,
            day,
            tags={slug: "strong" if (seed + back) % 3 else "signal" for slug in slugs},
            shipped_on=shipped,
            visibility=SHARED,
        )
        if shipped:
            checkins_plan_for(item)
            first = item.checkins.order_by("offset_days").first()
            if first and seed % 2 and first.due_on <= today:
                record(first, first.due_on)
    if seed % 3 == 0:
        case = candidacy(person, "L6")
        case.target_date = today + timedelta(days=90)
        case.save(update_fields=["target_date"])


@pytest.fixture
def team_of_25(world):
    reports = [world.owner]
    for n in range(24):
        reports.append(
            engineer("L5", manager=world.manager, display_name=f"Report {n:02d} Lastname")
        )
    for seed, person in enumerate(reports):
        _a_year_of_work(person, seed)
        snapshot_refresh(person_id=person.pk)
    return reports


@pytest.mark.parametrize("javascript", [True, False])
def test_each_row_is_a_picture_at_most_72px_tall(new_page, world, team_of_25, javascript):
    page = new_page(width=1280, height=900, javascript=javascript)
    log_in(page, world.manager)
    page.goto(reverse("team"))
    heights = page.eval_on_selector_all(
        "table.dashboard tbody tr", "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert len(heights) == 25
    assert max(heights) <= ROW_LIMIT_PX, heights
    assert sum(heights) <= 2 * 900, "25 reports fit on two screens"
    wrap = "document.querySelector('.table-wrap')"
    assert page.evaluate(f"{wrap}.scrollWidth <= {wrap}.clientWidth"), "no sideways scroll"
    # The sentence is one click (or Enter) away, with or without JavaScript.
    assert page.get_by_text("strong evidence in").count() == 0, "sent on request"
    page.locator("td.criterion-cell a").first.click()
    opened = "td.criterion-cell details[open] p" if javascript else "main details[open] p"
    sentence = page.locator(opened).first
    expect(sentence).to_be_visible()
    expect(sentence).to_contain_text("strong evidence in")
    if javascript:  # in place: the page stays, the open cell closes again on a click
        assert page.url.endswith(reverse("team"))
        page.locator("td.criterion-cell details[open] summary").first.click()
        expect(sentence).to_be_hidden()


def test_the_pictures_are_read_out_in_words_and_pass_axe(new_page, world, team_of_25):
    page = new_page(width=1280, height=900)
    log_in(page, world.manager)
    page.goto(reverse("team"))
    cell = page.locator("td.criterion-cell a").first
    assert cell.inner_text().strip(), "a few visible words beside every picture"
    assert page.locator("svg.mark[aria-hidden='true']").count() >= 25 * 6
    assert_accessible(page)
    cell.click()  # its words in full come with its sentence
    summary = page.locator("td.criterion-cell details[open] summary").first
    spoken = summary.locator(".visually-hidden").text_content()
    assert "quarters strong (needs 3)" in spoken and "mentor" in spoken, spoken
    assert_accessible(page)


def test_my_team_holds_at_375px(new_page, world, team_of_25):
    page = new_page(width=375, height=800)
    log_in(page, world.manager)
    page.goto(reverse("team"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
