"""A case names, and opens to, the manager and mentors the engineer has now: a change in
the organisation after the case opened moves access both ways at once."""

from django.urls import reverse

from promo.org.services import mentor_assign, mentor_unassign, user_set_manager
from reviews.access import can_read_round, reviewers_now
from tests.factories import candidacy_for
from tests.reviews.factories import drafted_document, shared_round


def test_the_case_page_names_the_manager_and_mentors_of_now(client, world):
    candidacy = candidacy_for(world.owner)
    user_set_manager(user=world.owner, manager=world.other_manager, by=world.staff)
    mentor_unassign(assignment=world.owner.mentor_links.get(), by=world.staff)
    mentor_assign(mentor=world.unassigned_mentor, mentee=world.owner, by=world.staff)
    client.force_login(world.owner)
    page = client.get(reverse("candidacy_detail", args=[candidacy.pk])).content.decode()
    assert str(world.other_manager) in page and str(world.unassigned_mentor) in page
    assert str(world.manager) not in page and str(world.mentor) not in page


def test_mentoring_lists_the_mentees_of_now(client, world):
    candidacy_for(world.owner)
    mentor_unassign(assignment=world.owner.mentor_links.get(), by=world.staff)
    mentor_assign(mentor=world.unassigned_mentor, mentee=world.owner, by=world.staff)
    client.force_login(world.mentor)
    assert str(world.owner) not in client.get(reverse("mentoring")).content.decode()
    client.force_login(world.unassigned_mentor)
    assert str(world.owner) in client.get(reverse("mentoring")).content.decode()


def test_a_removed_mentor_can_no_longer_add_gaps(client, world):
    candidacy = candidacy_for(world.owner)
    mentor_unassign(assignment=world.owner.mentor_links.get(), by=world.staff)
    client.force_login(world.mentor)
    criterion = world.owner.ladder.criteria.first()
    url = reverse("candidacy_gap_add", args=[candidacy.pk])
    response = client.post(url, {"criterion": criterion.pk, "text": "More"})
    assert response.status_code == 404
    assert not candidacy.gaps.exists()


def test_include_my_manager_shares_with_the_manager_of_now(world):
    document = drafted_document(world)
    user_set_manager(user=world.owner, manager=world.other_manager, by=world.staff)
    review_round = shared_round(world, document=document, include_manager=True)
    readers = set(reviewers_now(review_round))
    assert world.other_manager in readers and world.manager not in readers
    assert can_read_round(world.other_manager, review_round)
    assert not can_read_round(world.manager, review_round)


def test_the_share_form_offers_the_manager_of_now(client, world):
    document = drafted_document(world)
    user_set_manager(user=world.owner, manager=world.other_manager, by=world.staff)
    client.force_login(world.owner)
    page = client.get(reverse("reviews_share", args=[document.pk])).content.decode()
    assert f"include my manager, {world.other_manager}" in page
    assert str(world.manager) not in page
