"""Review nudges quote comments and name rounds: only to people who may read them now,
checked when the nudge is claimed and again when it is delivered."""

import pytest
from django.core import mail

from promo.models import Notification, NudgeClaim, User
from promo.nudges.delivery import NO_LONGER_READABLE, deliver_claim
from promo.nudges.kinds import mention, reply, review_requested
from reviews import services
from reviews.anchors import Anchor
from tests.factories import MentorAssignmentFactory, engineer
from tests.reviews.factories import shared_round

pytestmark = pytest.mark.django_db
SECRET = "The budget line is wrong"


def _thread(review_round, by):
    key = review_round.version.sections[0]["key"]
    return services.thread_open(
        review_round=review_round, by=by, anchor=Anchor("section", key), body="Scope?"
    )


def _carry_into_round_without(world, review_round):
    """Close the round and share the next version with another mentor only: the mentor's
    threads move into a round the mentor is not in."""
    other = engineer("L7", display_name="Sol Second", email="sol@example.com")
    MentorAssignmentFactory(mentor=other, mentee=world.owner)
    services.round_close(review_round=review_round, by=world.owner)
    return services.document_share_for_review(
        document=review_round.document, reviewers=[other], include_manager=False, by=world.owner
    )


def _skipped_without_quoting(claim):
    mail.outbox = []
    assert deliver_claim(claim.pk) == NudgeClaim.Status.SKIPPED
    claim.refresh_from_db()
    assert claim.last_error == NO_LONGER_READABLE
    assert mail.outbox == [] and not Notification.objects.filter(claim=claim).exists()


def test_a_reply_in_a_thread_carried_into_a_round_without_its_author_is_not_claimed(world):
    first = shared_round(world)
    thread = _thread(first, world.mentor)
    _carry_into_round_without(world, first)
    thread.refresh_from_db()
    services.comment_add(thread=thread, by=world.owner, body=SECRET)
    assert not NudgeClaim.objects.filter(kind=reply.KEY).exists()


def test_a_reply_claimed_before_the_author_lost_the_round_is_not_delivered(world):
    first = shared_round(world)
    thread = _thread(first, world.mentor)
    services.comment_add(thread=thread, by=world.owner, body=SECRET)
    [claim] = NudgeClaim.objects.filter(kind=reply.KEY)
    _carry_into_round_without(world, first)
    _skipped_without_quoting(claim)


def test_a_mention_claimed_before_the_mentor_was_removed_is_not_delivered(world):
    review_round = shared_round(world)
    thread = _thread(review_round, world.owner)
    services.comment_add(thread=thread, by=world.owner, body=f"@{world.mentor.email} {SECRET}")
    [claim] = NudgeClaim.objects.filter(kind=mention.KEY)
    world.mentor.mentee_links.all().delete()
    _skipped_without_quoting(claim)


def test_a_review_request_to_a_manager_who_left_is_not_delivered(world):
    review_round = shared_round(world, include_manager=True)
    claim = NudgeClaim.objects.get(kind=review_requested.KEY, person=world.manager)
    User.objects.filter(pk=world.owner.pk).update(manager=world.other_manager)
    _skipped_without_quoting(claim)
    mentor_claim = NudgeClaim.objects.get(kind=review_requested.KEY, person=world.mentor)
    mail.outbox = []
    assert deliver_claim(mentor_claim.pk) == NudgeClaim.Status.SENT
    assert review_round.pk  # the mentor, still a member, is told as before
