"""Readiness question asked: each senior colleague is nudged in-app and by email, through
their own preferences, linked to the answer page they alone may open."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from promo.models import NudgeClaim, NudgePreference
from promo.nudges import planner
from promo.nudges.delivery import deliver_claim
from promo.nudges.kinds import pulse_requested
from promo.pulses.models import OPEN_FOR
from promo.pulses.services import pulse_withdraw, pulses_close_expired
from tests.nudges.kinds import claims, delivered, unsubscribe
from tests.pulses.helpers import ask, seniors

pytestmark = pytest.mark.django_db

ASKED = pulse_requested.KEY


def test_asking_nudges_each_colleague_once(world):
    people = seniors(3)
    pulse = ask(world, people)
    assert {claim.person for claim in claims(ASKED)} == set(people)
    first = pulse.recipients.get(person=people[0])
    again = planner.claim_event(ASKED, recipients=[people[0].pk], recipient_id=first.pk)
    assert again == [] and len(claims(ASKED)) == 3


def test_the_nudge_asks_the_question_in_app_and_by_email(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    claim = next(c for c in claims(ASKED) if c.person == people[0])
    email, notification = delivered(claim)
    assert email.subject == "Does Olive Owner operate at L6 today?"
    assert email.to == [people[0].email]
    assert pulse.question in email.body and "anonymous" in email.body
    assert "unsubscribe" in email.body.lower()
    assert "Answerer 2" not in email.body  # who else was asked is not said
    assert notification.recipient == people[0]
    assert notification.url == reverse("pulse_answer", args=[pulse.pk])
    client.force_login(people[0])
    assert client.get(notification.url).status_code == 200


def test_a_colleague_who_unsubscribed_is_not_nudged_but_still_asked(world):
    people = seniors(3)
    unsubscribe(people[0], ASKED, timezone.now())
    NudgePreference.objects.create(person=people[1], kind=ASKED, email=False, in_app=True)
    pulse = ask(world, people)
    assert {claim.person for claim in claims(ASKED)} == {people[1], people[2]}
    assert pulse.recipients.count() == 3
    mail.outbox = []
    claim = next(c for c in claims(ASKED) if c.person == people[1])
    deliver_claim(claim.pk)
    assert mail.outbox == [] and people[1].notifications.count() == 1


@pytest.mark.parametrize("ending", ["withdrawn", "closed"])
def test_a_pulse_that_ended_before_delivery_is_skipped(world, ending):
    pulse = ask(world)
    if ending == "withdrawn":
        pulse_withdraw(pulse=pulse, by=world.owner)
    else:
        pulses_close_expired(now=pulse.created_at + OPEN_FOR)
    mail.outbox = []
    assert {deliver_claim(c.pk) for c in claims(ASKED)} == {NudgeClaim.Status.SKIPPED}
    assert mail.outbox == []


def test_the_preferences_page_offers_the_kind(client, world):
    client.force_login(world.other_engineer)
    page = client.get(reverse("nudge_preferences")).content.decode()
    assert "Readiness question" in page and f'name="{ASKED}-subscribed"' in page
