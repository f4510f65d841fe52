"""Draft waiting (periodic) and reply (claimed by the comment service)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from promo.models import MentorAssignment, NudgeClaim, NudgeThreshold
from promo.nudges import planner
from promo.nudges.kinds import draft_waiting, reply
from promo.readiness.calendar import local_today
from reviews import services
from reviews.anchors import Anchor
from reviews.models import ReviewRound
from tests.nudges.kinds import any_hour, claims, delivered, on_vacation, plan, unsubscribe
from tests.reviews.factories import shared_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(world):
    """A round shared with the mentor six days ago, still without feedback."""
    any_hour(draft_waiting.KEY)
    review_round = shared_round(world)
    review_round.opened_at = timezone.now() - timedelta(days=6)
    review_round.save(update_fields=["opened_at"])
    return review_round


# --- draft waiting ------------------------------------------------------------------------


def test_a_reviewer_is_nudged_once_per_round_that_waited_too_long(world, waiting):
    now = timezone.now()
    assert plan(draft_waiting.KEY, now) == 1
    assert plan(draft_waiting.KEY, now + timedelta(days=1)) == 0
    [claim] = claims(draft_waiting.KEY)
    assert (claim.person, claim.period) == (world.mentor, f"round-{waiting.pk}")


def test_no_nudge_for_a_fresh_round_or_once_feedback_is_given(world, waiting):
    NudgeThreshold.objects.create(key=draft_waiting.DAYS, value=7)
    assert plan(draft_waiting.KEY, timezone.now()) == 0
    NudgeThreshold.objects.filter(key=draft_waiting.DAYS).update(value=5)
    services.round_give_feedback(review_round=waiting, by=world.mentor)
    assert plan(draft_waiting.KEY, timezone.now()) == 0


def test_a_reviewer_on_vacation_or_unsubscribed_is_not_nudged(world, waiting):
    now = timezone.now()
    on_vacation(world.mentor, local_today(now, world.mentor.zone))
    assert plan(draft_waiting.KEY, now) == 0
    world.mentor.nudge_settings.delete()
    unsubscribe(world.mentor, draft_waiting.KEY, now)
    assert plan(draft_waiting.KEY, now) == 0


def test_a_mentor_no_longer_assigned_is_not_nudged(world, waiting):
    MentorAssignment.objects.filter(mentor=world.mentor, mentee=world.owner).delete()
    assert plan(draft_waiting.KEY, timezone.now()) == 0


def test_the_current_manager_of_a_round_that_includes_them_is_nudged(world):
    any_hour(draft_waiting.KEY)
    review_round = shared_round(world, include_manager=True)
    ReviewRound.objects.filter(pk=review_round.pk).update(
        opened_at=timezone.now() - timedelta(days=6)
    )
    world.owner.manager = world.other_manager  # the manager changed since the round opened
    world.owner.save(update_fields=["manager"])
    assert plan(draft_waiting.KEY, timezone.now()) == 2
    nudged = {claim.person for claim in claims(draft_waiting.KEY)}
    assert nudged == {world.mentor, world.other_manager}


def test_the_nudge_names_the_author_and_links_to_the_round(world, waiting):
    plan(draft_waiting.KEY, timezone.now())
    email, notification = delivered(claims(draft_waiting.KEY)[0])
    assert email.subject == f"{world.owner}'s draft is waiting for you"
    assert notification.url == reverse("reviews_round", args=[waiting.pk])


# --- reply --------------------------------------------------------------------------------


def a_thread(review_round, by):
    key = review_round.version.sections[0]["key"]
    return services.thread_open(
        review_round=review_round, by=by, anchor=Anchor("section", key), body="Is this scope?"
    )


def test_the_thread_author_is_nudged_when_someone_else_replies(world, waiting):
    thread = a_thread(waiting, world.owner)
    assert not claims(reply.KEY)  # opening a thread is not a reply
    comment = services.comment_add(thread=thread, by=world.mentor, body="Yes: three teams.")
    [claim] = claims(reply.KEY)
    assert (claim.person, claim.period) == (world.owner, str(comment.pk))


def test_replying_in_your_own_thread_nudges_nobody(world, waiting):
    thread = a_thread(waiting, world.mentor)
    services.comment_add(thread=thread, by=world.mentor, body="And another thing.")
    assert not claims(reply.KEY)


def test_claiming_the_same_reply_again_claims_nothing(world, waiting):
    thread = a_thread(waiting, world.owner)
    comment = services.comment_add(thread=thread, by=world.mentor, body="Yes.")
    again = planner.claim_event(reply.KEY, recipients=[world.owner.pk], comment_id=comment.pk)
    assert again == [] and len(claims(reply.KEY)) == 1


def test_delivery_is_published_after_the_comment_commits(
    world, waiting, django_capture_on_commit_callbacks
):
    thread = a_thread(waiting, world.owner)
    with django_capture_on_commit_callbacks() as callbacks:
        services.comment_add(thread=thread, by=world.mentor, body="Yes.")
    assert len(callbacks) == 1


def test_an_unsubscribed_or_vacationing_author_gets_no_reply_nudge(world, waiting):
    thread = a_thread(waiting, world.owner)
    on_vacation(world.owner, local_today(timezone.now(), world.owner.zone))
    services.comment_add(thread=thread, by=world.mentor, body="One.")
    world.owner.nudge_settings.delete()
    unsubscribe(world.owner, reply.KEY, timezone.now())
    services.comment_add(thread=thread, by=world.mentor, body="Two.")
    assert not claims(reply.KEY)


def test_the_periodic_planner_leaves_replies_to_the_comment_service(world, waiting):
    assert reply.KEY not in planner.plan(now=timezone.now())


def test_a_reply_posted_through_the_page_nudges_and_links_to_the_thread(client, world, waiting):
    thread = a_thread(waiting, world.owner)
    client.force_login(world.mentor)
    response = client.post(reverse("reviews_comment_new", args=[thread.pk]), {"body": "Agreed."})
    assert response.status_code in (200, 302)
    claim = NudgeClaim.objects.get(kind=reply.KEY)
    email, notification = delivered(claim)
    assert email.subject == f"{world.mentor} replied in your thread"
    assert "Agreed." in email.body
    assert notification.url == f"{reverse('reviews_round', args=[waiting.pk])}#thread-{thread.pk}"
