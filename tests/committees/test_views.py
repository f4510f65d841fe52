import pytest
from django.urls import reverse

from promo.models import AuditEntry, Cycle, Nomination
from tests.committees.helpers import (
    ENDORSEMENT,
    a_committee_member,
    a_cycle,
    criteria_ids,
    decide_not_yet,
    in_review,
    nominate,
    release,
    vote,
)
from tests.factories import candidacy_for, engineer


@pytest.fixture
def nomination(world, cycle):
    return nominate(cycle, world.owner, by=world.manager)


def _vote_data(nomination, value="meets", overall="promote"):
    data = {f"criterion_{pk}": value for pk in criteria_ids(nomination)}
    data.update(overall=overall, note="Solid.")
    return data


def test_staff_open_a_cycle_and_name_its_committee(client, world, member):
    client.force_login(world.staff)
    l6 = world.owner.level.next_level()
    response = client.post(
        reverse("staff_cycles"),
        {
            "name": "Spring 2027",
            "nomination_deadline": "2027-03-01",
            "committee_starts_on": "2027-03-10",
            "committee_ends_on": "2027-03-12",
            "levels": [l6.pk],
        },
    )
    cycle = Cycle.objects.get(name="Spring 2027")
    assert response.status_code == 302 and cycle.status == "draft"
    committee = cycle.committees.get()
    response = client.post(
        reverse("staff_committee_members", args=[committee.pk]),
        {f"c{committee.pk}-members": [member.pk]},
    )
    assert response.status_code == 302
    assert list(committee.members.all()) == [member]


def test_a_bad_cycle_keeps_the_typing(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_cycles"),
        {"name": "Typed", "nomination_deadline": "2027-03-20", "committee_starts_on": "2027-03-10",
         "committee_ends_on": "2027-03-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert b'value="Typed"' in response.content
    assert "cannot end before it starts" in response.content.decode()


def test_a_manager_nominates_from_the_cycle_page(client, world, cycle):
    candidacy = candidacy_for(world.owner)
    client.force_login(world.manager)
    page = client.get(reverse("cycle_detail", args=[cycle.pk]))
    assert str(world.owner) in page.content.decode()
    response = client.post(
        reverse("cycle_nominate", args=[cycle.pk]),
        {"candidacy": candidacy.pk, "endorsement": ENDORSEMENT},
    )
    assert response.status_code == 302
    assert Nomination.objects.get(candidacy=candidacy).packet["endorsement"]["text"] == ENDORSEMENT


def test_an_empty_endorsement_is_refused(client, world, cycle):
    candidacy = candidacy_for(world.owner)
    client.force_login(world.manager)
    response = client.post(
        reverse("cycle_nominate", args=[cycle.pk]), {"candidacy": candidacy.pk, "endorsement": " "}
    )
    assert response.status_code == 200
    assert not Nomination.objects.exists()


def test_an_engineer_asks_to_be_nominated(client, world, cycle):
    candidacy_for(world.owner)
    client.force_login(world.owner)
    response = client.post(reverse("cycle_request", args=[cycle.pk]))
    assert response.status_code == 302
    assert Nomination.objects.get().requested_at is not None


def test_votes_are_hidden_until_the_member_voted(client, world, cycle, member, nomination):
    other = a_committee_member(display_name="Vic Voter", email="vic@example.com")
    cycle.committees.get().members.add(other)
    in_review(cycle, world.staff)
    vote(nomination, other, note="Vic's reasons")
    client.force_login(member)
    url = reverse("nomination_detail", args=[nomination.pk])
    assert "Vic's reasons" not in client.get(url).content.decode()
    response = client.post(reverse("nomination_vote", args=[nomination.pk]), _vote_data(nomination))
    assert response.status_code == 302
    assert "Vic&#x27;s reasons" in client.get(url).content.decode()


def test_a_missing_criterion_vote_keeps_the_rest(client, world, cycle, member, nomination):
    in_review(cycle, world.staff)
    client.force_login(member)
    data = _vote_data(nomination)
    data.pop(f"criterion_{criteria_ids(nomination)[0]}")
    response = client.post(reverse("nomination_vote", args=[nomination.pk]), data)
    assert response.status_code == 200
    assert "Solid." in response.content.decode()
    assert not nomination.votes.exists()


def test_the_conflicted_member_is_refused_and_told(client, world, cycle, nomination):
    in_review(cycle, world.staff)
    client.force_login(world.mentor)
    page = client.get(reverse("nomination_detail", args=[nomination.pk])).content.decode()
    assert "You are their mentor" in page
    response = client.post(reverse("nomination_vote", args=[nomination.pk]), _vote_data(nomination))
    assert response.status_code == 403
    grid = client.get(reverse("committee_grid", args=[cycle.committees.get().pk]))
    assert "you present, you don" in grid.content.decode()


def test_every_packet_view_is_audited_for_who_viewed_my_case(client, world, nomination, member):
    client.force_login(member)
    client.get(reverse("nomination_detail", args=[nomination.pk]))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PACKET_VIEWED)
    assert entry.actor_id == member.pk and entry.subject_id == world.owner.pk
    client.force_login(world.owner)
    viewers = client.get(reverse("case_viewers")).content.decode()
    assert "Viewed a promotion packet" in viewers and "Cora Committee" in viewers


def test_the_packet_opens_beside_the_grid(client, world, nomination, member):
    client.force_login(member)
    url = reverse("nomination_detail", args=[nomination.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="packet">')


def test_the_grid_sorts_filters_and_answers_htmx(client, world, cycle, member, nomination):
    client.force_login(member)
    url = reverse("committee_grid", args=[cycle.committees.get().pk])
    page = client.get(url, {"sort": "standing"}).content.decode()
    assert str(world.owner) in page and "quarters strong" in page
    assert str(world.owner) not in client.get(url, {"standing": "ready"}).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="grid"')


def test_decisions_stay_hidden_from_the_candidate_until_release(client, world, cycle, member):
    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    vote(nomination, member, value="not_yet", overall="not_yet", note="Needs matured impact")
    decide_not_yet(nomination, member)
    client.force_login(world.owner)
    history = reverse("candidacy_cycles", args=[nomination.candidacy_id])
    page = client.get(history).content.decode()
    assert "Decision:" not in page and "Member 1" not in page
    case = client.get(reverse("case")).content.decode()
    assert "before the Spring cycle committee" in case
    release(cycle, world.staff)
    page = client.get(history).content.decode()
    assert "Decision: <strong>Not yet</strong>" in page
    assert "Member 1" in page and "Cora" not in page.split("Votes")[1]
    case = client.get(reverse("candidacy_detail", args=[nomination.candidacy_id])).content
    assert "Impact is too recent to judge." in case.decode()


def test_manual_outcomes_say_outside_a_cycle(client, world):
    from promo.candidacies.services import candidacy_submit

    candidacy = candidacy_submit(candidacy=candidacy_for(world.owner), by=world.manager).candidacy
    client.force_login(world.manager)
    page = client.get(reverse("candidacy_detail", args=[candidacy.pk])).content.decode()
    assert "Outside a cycle" in page and "Record the decision" in page


def test_members_of_another_level_are_not_told(client, world, cycle, nomination):
    stranger = engineer("L7", display_name="Lev Level", email="lev@example.com")
    a_cycle(world.staff, name="Other", levels=("L7",), members=[stranger])
    client.force_login(stranger)
    assert client.get(reverse("nomination_detail", args=[nomination.pk])).status_code == 404
    grid = reverse("committee_grid", args=[cycle.committees.get().pk])
    assert client.get(grid).status_code == 404


def test_a_cached_grid_row_follows_votes_and_the_decision(client, world, cycle, member):
    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    client.force_login(member)
    url = reverse("committee_grid", args=[cycle.committees.get().pk])
    assert "(yours in)" not in client.get(url).content.decode()  # the row is now cached
    vote(nomination, member)
    page = client.get(url).content.decode()
    assert "1 <span" in page and "(yours in)" in page
    decide_not_yet(nomination, member)
    row = client.get(url).content.decode().split(str(world.owner))[1]
    assert "Not yet" in row.split("</tr>")[0]
    client.force_login(world.mentor)  # the same row as the conflicted member sees it
    assert "you present, you don" in client.get(url).content.decode()
