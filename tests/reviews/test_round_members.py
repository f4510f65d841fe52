"""The round page lists its members now: a manager deactivated or a mentor unassigned
leaves the list (and the round) at once, whoever reads it."""

from django.urls import reverse

from promo.models import MentorAssignment, User
from tests.reviews.factories import shared_round


def _reviewers_line(client, review_round):
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content.decode()
    start = page.index("Reviewers: ")
    return page[start : page.index(".", start)]


def test_the_reviewers_are_the_members_now(client, world):
    review_round = shared_round(world, include_manager=True)
    client.force_login(world.owner)
    line = _reviewers_line(client, review_round)
    assert str(world.manager) in line and str(world.mentor) in line
    User.objects.filter(pk=world.manager.pk).update(is_active=False)
    line = _reviewers_line(client, review_round)
    assert str(world.manager) not in line and str(world.mentor) in line
    MentorAssignment.objects.filter(mentor=world.mentor, mentee=world.owner).delete()
    assert _reviewers_line(client, review_round) == "Reviewers: "
