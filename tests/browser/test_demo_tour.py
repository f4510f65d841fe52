"""A newcomer's tour of the demo organisation `manage.py seed_demo` builds: the main pages,
each as the persona who uses it, with the demo data visibly there. Every stop gets the
checks every page gets (axe-core here; no console error or CSP violation through
`new_page`) and a picture: this tour takes the README's screenshots (`make screenshots`).

Seeding takes several seconds, so the tour is one test that seeds once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from playwright.sync_api import expect

from evidence.models import Artifact
from promo.dashboards.team import ORG_PAGE_SIZE
from promo.demo.steps import demo_logins
from promo.models import User
from reviews.models import ReviewRound
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1280


@pytest.fixture
def demo(transactional_db):
    """The seeded organisation's demo logins, by role ("engineer", "manager", ...)."""
    call_command("seed_demo", stdout=StringIO())
    return {role: User.objects.get(email=email) for role, _, email in demo_logins()}


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url}: HTTP {response.status}"
    page.wait_for_load_state("networkidle")  # the notification badge loads after the page
    assert_accessible(page)


def picture(page, name, *, height=1000, start_at=None):
    """The README picture of this stop: the window at WIDTH x `height`, scrolled so that
    `start_at` (a locator) opens it, or the whole page when `height` is None."""
    whole = height is None
    page.set_viewport_size({"width": WIDTH, "height": 600 if whole else height})
    if start_at is not None:
        start_at.evaluate("element => element.scrollIntoView({block: 'start'})")
    screenshot(page, name, full_page=whole)  # a short window leaves no blank below a page


def rich_evidence(person):
    """The person's latest shared win with a measured impact and several tags."""
    return (
        Artifact.objects.filter(owner=person, is_draft=False)
        .exclude(impact="")
        .exclude(visibility=Artifact.Visibility.PRIVATE)
        .annotate(tag_count=Count("tags"))
        .filter(tag_count__gte=2)
        .order_by("-happened_on")
        .first()
    )


def open_round(mentor, engineer):
    return (
        ReviewRound.objects.filter(reviewers=mentor, document__candidacy__person=engineer)
        .exclude(status=ReviewRound.Status.CLOSED)
        .get()
    )


def the_engineer_looks_at_their_case(page, engineer):
    visit(page, reverse("readiness"))
    filled = page.locator("svg.heatmap rect.heat:not(.heat-none)").count()
    assert filled >= 40, f"only {filled} heatmap cells hold evidence"
    assert page.locator(".criterion-readiness").count() >= 5
    picture(page, "readiness", height=1100)

    visit(page, reverse("this_week"))
    assert page.locator(".artifact-list > li").count() >= 1
    assert page.locator("ul.weeks > li").count() >= 8
    picture(page, "this-week", height=None)

    visit(page, reverse("evidence_list"))
    assert page.locator(".artifact-list > li").count() >= 20
    assert page.locator(".artifact-list .tag").count() >= 20
    picture(page, "evidence-list")

    win = rich_evidence(engineer)
    visit(page, reverse("evidence_detail", args=[win.pk]))
    expect(page.get_by_role("heading", name=win.title)).to_be_visible()
    expect(page.get_by_text(win.impact)).to_be_visible()
    assert page.locator("#tags .tag-detail > li .expectation").count() >= 2
    picture(page, "evidence-detail", height=None)

    document = engineer.candidacies.order_by("-created_at").first().promo_document
    visit(page, reverse("reviews_edit", args=[document.pk]))
    citing = "areas => areas.filter(area => area.value.includes('[evidence:')).length"
    assert page.locator("textarea").evaluate_all(citing) >= 5  # claims cite evidence
    picture(page, "promo-doc-editor", height=1100)

    visit(page, reverse("notifications"))
    assert page.locator(".notification-list .notification").count() >= 2
    assert page.locator(".notification.unread").count() >= 1
    picture(page, "notifications", height=None)


def the_mentor_reviews_a_promo_doc(page, mentor, engineer):
    visit(page, reverse("reviews_round", args=[open_round(mentor, engineer).pk]))
    assert page.locator(".doc-body a").count() >= 10  # citations link to evidence
    assert page.locator("article.thread.resolved").count() >= 1
    assert page.locator("article.thread.outdated .original-context").count() >= 1
    last_criterion = page.locator(".doc-section:has(+ #section-whats-next)")
    picture(page, "review-round", height=1300, start_at=last_criterion)


def the_manager_checks_their_team(page):
    visit(page, reverse("team"))
    dashboard = page.locator("#dashboard")
    assert dashboard.locator("tbody tr").count() >= 5
    assert dashboard.locator("td.cell-shown").count() >= 1
    assert dashboard.locator("td.cell-not-shown").count() >= 1
    assert dashboard.locator(".badge.readiness-ready, .badge.readiness-close").count() >= 1
    picture(page, "my-team", height=1300)


def the_director_looks_at_the_org(page):
    visit(page, reverse("team") + "?scope=org")
    dashboard = page.locator("#dashboard")
    assert dashboard.locator("tr.group").count() >= 3  # the first page's managers
    assert dashboard.locator("tbody tr:not(.group)").count() == ORG_PAGE_SIZE  # then pages
    assert dashboard.get_by_role("link", name="Next page").count() == 1
    chart = dashboard.locator("svg.linechart")
    heights = chart.locator("polyline.series").evaluate_all(
        "lines => lines.map(line => line.getBBox().height)"
    )
    assert max(heights) > 0, "the Over time chart draws only flat lines"
    picture(page, "my-team-org", start_at=page.get_by_role("heading", name="Over time"))


def staff_look_at_people(page):
    visit(page, reverse("staff_people"))
    assert page.locator("main table tbody tr").count() >= 25
    picture(page, "staff-people", height=None)


@pytest.mark.slow(seconds=40)
def test_a_newcomer_tours_the_demo_org(new_page, demo):
    engineer, mentor = demo["engineer"], demo["principal mentor"]
    tour = [
        ("engineer", lambda page: the_engineer_looks_at_their_case(page, engineer)),
        ("principal mentor", lambda page: the_mentor_reviews_a_promo_doc(page, mentor, engineer)),
        ("manager", the_manager_checks_their_team),
        ("director", the_director_looks_at_the_org),
        ("staff admin", staff_look_at_people),
    ]
    for role, stops in tour:
        page = new_page(width=WIDTH)
        log_in(page, demo[role])
        stops(page)
