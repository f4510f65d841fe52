"""No daily page sends more than 60 KB of HTML with the page benchmark's data: the demo
org (28 people, a manager with 8 reports), its open review round grown to 50 threads and
a committee judging 50 candidates, built by the same helpers `bench/pages.py` uses."""

import pytest
from django.urls import reverse

from bench import seed
from promo.committees.grid import PAGE_SIZE as GRID_PAGE_SIZE
from promo.dashboards.team import ORG_PAGE_SIZE
from promo.demo.steps import DIRECTOR, email_for
from promo.models import Candidacy, User
from reviews.models import ReviewRound

LIMIT = 60_000  # bytes of HTML, before compression


@pytest.fixture
def bench_data(demo, db):
    review_round = ReviewRound.objects.filter(status="open", threads__isnull=False).first()
    seed.seed_threads(review_round, 50)
    committee = seed.seed_cycle(50)
    engineer = review_round.document.candidacy.person
    return review_round, committee, engineer


def _size(client, person, url):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200, url
    return len(response.content), response


def test_every_daily_page_stays_under_sixty_kilobytes_at_the_benchs_scale(client, bench_data):
    review_round, committee, engineer = bench_data
    manager = engineer.manager
    director = User.objects.get(email=email_for(DIRECTOR))
    member = User.objects.get(email=seed.COMMITTEE_MEMBER)
    candidacy = Candidacy.objects.filter(person=engineer).order_by("-pk").first()
    round_url = reverse("reviews_round", args=[review_round.pk])
    pages = [
        (engineer, reverse("case")),
        (engineer, reverse("readiness")),
        (engineer, round_url),
        (review_round.document.candidacy.person.mentor_links.first().mentor, round_url),
        (manager, reverse("team")),
        (director, reverse("team") + "?scope=org"),
        (director, reverse("team") + "?scope=org&page=2"),
        (manager, reverse("person_readiness", args=[engineer.pk])),
        (manager, reverse("candidacy_detail", args=[candidacy.pk])),
        (member, reverse("committee_grid", args=[committee.pk])),
    ]
    sizes = {url: _size(client, person, url)[0] for person, url in pages}
    over = {url: size for url, size in sizes.items() if size >= LIMIT}
    assert not over, over


def test_the_benchs_team_pages_hold_their_rows(client, bench_data):
    _, committee, engineer = bench_data
    director = User.objects.get(email=email_for(DIRECTOR))
    _, direct = _size(client, engineer.manager, reverse("team"))
    rows = direct.context["shown"]
    assert len(rows) == direct.context["matching"] >= 7, "all the manager's reports on a page"
    _, org = _size(client, director, reverse("team") + "?scope=org")
    assert len(org.context["shown"]) == ORG_PAGE_SIZE < org.context["matching"]
    member = User.objects.get(email=seed.COMMITTEE_MEMBER)
    _, grid = _size(client, member, reverse("committee_grid", args=[committee.pk]))
    assert len(grid.context["rows"]) == GRID_PAGE_SIZE and grid.context["page"].count == 3
