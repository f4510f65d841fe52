"""Review requested ("shared with you"): claimed by the share service for each reviewer."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from promo.models import MentorAssignment, NudgeClaim, NudgePreference
from promo.nudges import planner
from promo.nudges.delivery import deliver_claim
from promo.nudges.kinds import review_requested
from promo.readiness.calendar import local_today
from reviews import services
from reviews.models import ReviewRound
from reviews.sections import SUMMARY
from tests.nudges.kinds import claims, delivered, on_vacation, unsubscribe
from tests.reviews.factories import candidacy_for, drafted_document, shared_round

pytestmark = pytest.mark.django_db

KEY = review_requested.KEY


def notified():
    return sorted(claim.person.email for claim in claims(KEY))


def test_sharing_nudges_each_reviewer_once_and_never_the_engineer(world):
    review_round = shared_round(world, include_manager=True)
    assert notified() == sorted([world.mentor.email, world.manager.email])
    assert {claim.period for claim in claims(KEY)} == {f"round-{review_round.pk}"}


def test_only_the_reviewers_asked_are_nudged_not_other_mentors_or_people(world):
    # Both may review (both assigned now); the engineer asks only one.
    document = drafted_document(world)
    MentorAssignment.objects.create(mentor=world.unassigned_mentor, mentee=world.owner)
    services.document_share_for_review(
        document=document, reviewers=[world.mentor], include_manager=False, by=world.owner
    )
    assert notified() == [world.mentor.email]


def test_a_retried_share_claims_nothing_more(world):
    review_round = shared_round(world)
    again = planner.claim_event(KEY, recipients=[world.mentor.pk], round_id=review_round.pk)
    assert again == []
    with pytest.raises(ValidationError, match="still open"):
        shared_round(world, document=review_round.document)
    assert len(claims(KEY)) == 1


def test_each_new_version_asks_again(world):
    first = shared_round(world)
    services.round_close(review_round=first, by=world.owner)
    services.draft_save(
        document=first.document, bodies={SUMMARY: "Now with numbers."}, base_version=1,
        by=world.owner,
    )  # fmt: skip
    second = shared_round(world, document=first.document)
    assert [claim.period for claim in claims(KEY)] == [f"round-{first.pk}", f"round-{second.pk}"]


@pytest.mark.parametrize("choice", ["unsubscribed", "both channels off", "on vacation"])
def test_a_reviewer_who_opted_out_gets_nothing(world, choice):
    if choice == "unsubscribed":
        unsubscribe(world.mentor, KEY, timezone.now())
    elif choice == "both channels off":
        NudgePreference.objects.create(person=world.mentor, kind=KEY, email=False, in_app=False)
    else:
        on_vacation(world.mentor, local_today(timezone.now(), world.mentor.zone))
    shared_round(world)
    assert claims(KEY) == []


def test_another_kind_switched_off_does_not_silence_this_one(world):
    unsubscribe(world.mentor, "draft_waiting", timezone.now())
    shared_round(world)
    assert notified() == [world.mentor.email]


def test_delivery_is_published_after_the_share_commits(world, django_capture_on_commit_callbacks):
    document = drafted_document(world)
    with django_capture_on_commit_callbacks() as callbacks:
        services.document_share_for_review(
            document=document, reviewers=[world.mentor], include_manager=False, by=world.owner
        )
    assert len(callbacks) == 1  # the delivery of the claims; nothing else waits on commit


def test_the_nudge_names_the_engineer_and_links_to_the_round_the_reviewer_opens(client, world):
    review_round = shared_round(world)
    email, notification = delivered(claims(KEY)[0])
    assert email.subject == f"{world.owner} shared their promo doc with you"
    assert email.to == [world.mentor.email]
    assert "shared version 1 of their promo doc" in email.body
    assert notification.recipient == world.mentor
    assert notification.url == reverse("reviews_round", args=[review_round.pk])
    client.force_login(world.mentor)
    assert client.get(notification.url).status_code == 200


def test_a_channel_choice_is_honoured_at_delivery(world):
    NudgePreference.objects.create(person=world.mentor, kind=KEY, email=False, in_app=True)
    shared_round(world)
    [claim] = claims(KEY)
    mail.outbox = []
    assert deliver_claim(claim.pk) == NudgeClaim.Status.SENT
    assert mail.outbox == [] and world.mentor.notifications.count() == 1


def test_a_deleted_round_still_delivers_a_useful_nudge(world):
    shared_round(world)
    [claim] = claims(KEY)
    ReviewRound.objects.all().delete()
    email, notification = delivered(claim)
    assert email.subject == "A promo doc was shared with you"
    assert notification.url == reverse("reviews_shared")


def test_sharing_through_the_page_nudges_the_chosen_mentor(client, world):
    document = drafted_document(world)
    client.force_login(world.owner)
    response = client.post(
        reverse("reviews_share", args=[document.pk]), {"reviewers": [world.mentor.pk]}
    )
    assert response.status_code == 302
    assert notified() == [world.mentor.email]


def test_the_periodic_planner_leaves_shares_to_the_share_service(world):
    shared_round(world)
    NudgeClaim.objects.all().delete()
    assert KEY not in planner.plan(now=timezone.now())
    assert claims(KEY) == []


def test_the_preferences_page_offers_the_kind(client, world):
    client.force_login(world.mentor)
    page = client.get(reverse("nudge_preferences")).content.decode()
    assert "Shared with you" in page and f'name="{KEY}-subscribed"' in page
    client.post(reverse("nudge_preferences"), {f"{KEY}-email": "on"})  # unticked: unsubscribed
    assert NudgePreference.objects.get(person=world.mentor, kind=KEY).unsubscribed_at
    shared_round(world)
    assert claims(KEY) == []


def test_a_mentor_assigned_after_the_case_opened_is_asked_and_nudged(world):
    candidacy = candidacy_for(world.owner, mentors=[world.unassigned_mentor])
    document = services.document_autodraft(candidacy=candidacy, by=world.owner)
    services.draft_save(
        document=document, bodies={SUMMARY: "Led it."}, base_version=document.draft_version,
        by=world.owner,
    )  # fmt: skip
    services.document_share_for_review(
        document=document, reviewers=[world.unassigned_mentor], include_manager=False,
        by=world.owner,
    )  # fmt: skip
    assert notified() == [world.unassigned_mentor.email]
