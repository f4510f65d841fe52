"""The calibration grid costs the same number of queries with 1 or 50 candidates, on
every page of them, and a page stays under 60 KB of HTML."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from promo.committees.grid import PAGE_SIZE
from promo.models import Candidacy, Nomination
from tests.committees.helpers import a_committee_member, a_cycle, nominate
from tests.factories import engineer


def _count(client, url):
    client.get(url)  # the first request after login saves the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries], response.content.decode()


def _more_candidates(first, count):
    """`count` more nominations with the first one's packet under other names."""
    target = first.candidacy.target_level
    for index in range(count):
        person = engineer("L5", display_name=f"Candidate {index:02}")
        candidacy = Candidacy.objects.create(
            person=person,
            ladder_id=target.ladder_id,
            from_level_id=person.level_id,
            target_level=target,
            status=Candidacy.Status.SUBMITTED,
        )
        packet = dict(first.packet, candidate={**first.packet["candidate"], "name": str(person)})
        Nomination.objects.create(
            cycle=first.cycle,
            candidacy=candidacy,
            committee=first.committee,
            nominated_at=timezone.now(),
            packet=packet,
        )


def test_the_grid_holds_its_query_count_at_1_and_50_candidates(client, world):
    member = a_committee_member()
    cycle = a_cycle(world.staff, members=[member, world.mentor])
    first = nominate(cycle, world.owner, by=world.manager)
    url = reverse("committee_grid", args=[first.committee_id])
    client.force_login(member)
    one, _ = _count(client, url)
    _more_candidates(first, 49)
    many, page = _count(client, url)
    last, last_page = _count(client, url + "?sort=name&page=3")
    assert len(many) == len(one) == len(last), "\n".join(many)
    assert page.count("quarters strong") >= PAGE_SIZE * 4
    assert "Candidate 48" in last_page and "Candidate 48" not in page
    assert 'rel="next"' in page and "sort=name&amp;page=2" in last_page


def test_a_page_of_the_fifty_candidate_grid_stays_under_sixty_kilobytes(client, world):
    member = a_committee_member()
    cycle = a_cycle(world.staff, members=[member, world.mentor])
    first = nominate(cycle, world.owner, by=world.manager)
    _more_candidates(first, 49)
    client.force_login(member)
    page = client.get(reverse("committee_grid", args=[first.committee_id])).content
    assert len(page) < 60_000, len(page)
    html = page.decode()
    assert html.count('<use href="#mk-') >= PAGE_SIZE * 4, "each cell refers to a symbol"
    for key in set(re.findall(r'<use href="#(mk-[\w-]+)"', html)):
        assert html.count(f'<symbol id="{key}"') == 1, f"{key} is defined once"
