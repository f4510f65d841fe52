"""The calibration grid costs the same number of queries with 1 or 50 candidates."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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
    assert len(many) == len(one), "\n".join(many)
    assert page.count("quarters strong") >= 50 * 4
    assert "Candidate 48" in page
