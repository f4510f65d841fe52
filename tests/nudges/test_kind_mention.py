"""Mention: claimed by the comment service for each round member a comment @mentions."""

import pytest
from django.urls import reverse
from django.utils import timezone

from promo.models import NudgeClaim
from promo.nudges import planner
from promo.nudges.kinds import mention, reply
from reviews import services
from reviews.anchors import Anchor
from tests.nudges.kinds import claims, delivered, unsubscribe
from tests.reviews.factories import shared_round

pytestmark = pytest.mark.django_db

KEY = mention.KEY


@pytest.fixture
def review_round(world):
    return shared_round(world, include_manager=True)


def a_thread(review_round, by, body="Is this scope?"):
    key = review_round.version.sections[0]["key"]
    return services.thread_open(
        review_round=review_round, by=by, anchor=Anchor("section", key), body=body
    )


def mentioned():
    return [(claim.person.email, claim.period) for claim in claims(KEY)]


def test_a_mentioned_member_is_nudged_once_for_the_comment(world, review_round):
    thread = a_thread(review_round, world.mentor, "What do you think, @maya@example.com?")
    [comment] = thread.comments.all()
    assert mentioned() == [(world.manager.email, str(comment.pk))]
    again = planner.claim_event(KEY, recipients=[world.manager.pk], comment_id=comment.pk)
    assert again == [] and len(claims(KEY)) == 1


def test_each_person_mentioned_is_nudged_and_a_name_twice_counts_once(world, review_round):
    thread = a_thread(review_round, world.mentor, "@olive and @maya: @olive, numbers please.")
    [comment] = thread.comments.all()
    assert sorted(mentioned()) == [
        (world.manager.email, str(comment.pk)),
        (world.owner.email, str(comment.pk)),
    ]


def test_mentioning_yourself_nudges_nobody(world, review_round):
    a_thread(review_round, world.mentor, "Note to self, @pia: check the p99.")
    assert claims(KEY) == []


def test_people_outside_the_round_are_never_nudged(world, review_round):
    # Uma mentors someone else and Ezra is another engineer: neither can open this doc.
    a_thread(review_round, world.mentor, "Ask @uma@example.com and @ezra about it.")
    assert claims(KEY) == []


def test_the_claim_itself_checks_that_the_person_can_open_the_document(world, review_round):
    # Even a mention recorded by mistake reaches nobody outside the round.
    thread = a_thread(review_round, world.mentor, "Plain comment.")
    [comment] = thread.comments.all()
    comment.mentions.add(world.unassigned_mentor, world.other_engineer)
    outsiders = [world.unassigned_mentor.pk, world.other_engineer.pk]
    assert planner.claim_event(KEY, recipients=outsiders, comment_id=comment.pk) == []


def test_a_manager_not_in_the_round_is_not_a_member(world):
    review_round = shared_round(world)  # without the manager
    a_thread(review_round, world.mentor, "@maya@example.com should see this.")
    assert claims(KEY) == []


def test_a_thread_author_mentioned_in_a_reply_is_nudged_once_as_a_mention(world, review_round):
    thread = a_thread(review_round, world.owner)
    comment = services.comment_add(thread=thread, by=world.mentor, body="@olive yes: 3 teams.")
    assert mentioned() == [(world.owner.email, str(comment.pk))]
    assert claims(reply.KEY) == []


def test_a_thread_author_who_turned_mentions_off_still_gets_the_reply(world, review_round):
    unsubscribe(world.owner, KEY, timezone.now())
    thread = a_thread(review_round, world.owner)
    comment = services.comment_add(thread=thread, by=world.mentor, body="@olive yes.")
    assert claims(KEY) == []
    assert [claim.period for claim in claims(reply.KEY)] == [str(comment.pk)]


def test_an_unsubscribed_member_is_not_nudged(world, review_round):
    unsubscribe(world.manager, KEY, timezone.now())
    a_thread(review_round, world.mentor, "@maya have a look.")
    assert claims(KEY) == []


def test_the_nudge_quotes_the_comment_and_links_to_the_thread(world, review_round):
    thread = a_thread(review_round, world.mentor, "@olive which numbers show the impact?")
    email, notification = delivered(claims(KEY)[0])
    assert email.subject == f"{world.mentor} mentioned you in a review thread"
    assert "which numbers show the impact?" in email.body
    round_url = reverse("reviews_round", args=[review_round.pk])
    assert notification.url == f"{round_url}#thread-{thread.pk}"


def test_a_mention_posted_through_the_page_nudges(client, world, review_round):
    thread = a_thread(review_round, world.owner)
    client.force_login(world.mentor)
    url = reverse("reviews_comment_new", args=[thread.pk])
    response = client.post(url, {"body": "@maya@example.com agree?"})
    assert response.status_code == 302
    claim = NudgeClaim.objects.get(kind=KEY)
    assert claim.person == world.manager
    assert claims(reply.KEY)[0].person == world.owner  # the author still hears of the reply


def test_the_periodic_planner_leaves_mentions_to_the_comment_service(world, review_round):
    assert KEY not in planner.plan(now=timezone.now())


def test_the_preferences_page_offers_mentions(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("nudge_preferences")).content.decode()
    assert f'name="{KEY}-subscribed"' in page and "@mentions you" in page
