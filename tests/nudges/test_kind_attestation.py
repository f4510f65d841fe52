"""Confirmation asked and its one reminder: the colleague is nudged through their own
preferences, linked to the answer page they alone may open."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from promo.attestations.services import attestation_answer, attestation_cancel
from promo.models import Attestation, NudgeClaim, NudgePreference
from promo.nudges import planner
from promo.nudges.delivery import deliver_claim
from promo.nudges.kinds import attestation_reminder, attestation_requested
from promo.readiness.calendar import local_today
from tests.attestations.helpers import QUESTION, an_artifact, ask
from tests.nudges.kinds import claims, delivered, on_vacation, plan, unsubscribe

pytestmark = pytest.mark.django_db

ASKED = attestation_requested.KEY
REMINDER = attestation_reminder.KEY
# A Monday, 10:00 UTC: past the reminder's earliest local hour for the colleague (UTC).
ASKED_AT = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def asked_at(when, world, *people):
    requests = ask(an_artifact(world), *(people or [world.other_engineer]))
    Attestation.objects.filter(pk__in=[r.pk for r in requests]).update(requested_at=when)
    return requests


def test_asking_nudges_the_colleague_once(world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    [claim] = claims(ASKED)
    assert (claim.person, claim.period) == (world.other_engineer, str(asked.pk))
    again = planner.claim_event(
        ASKED, recipients=[world.other_engineer.pk], attestation_id=asked.pk
    )
    assert again == [] and len(claims(ASKED)) == 1


def test_the_nudge_quotes_the_question_and_links_to_the_answer_page(client, world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    email, notification = delivered(claims(ASKED)[0])
    assert email.subject == "Olive Owner asks you to confirm their work"
    assert email.to == [world.other_engineer.email]
    assert QUESTION in email.body and "Retry-budget library" in email.body
    assert "unsubscribe" in email.body.lower()
    assert notification.recipient == world.other_engineer
    assert notification.url == reverse("attestation_answer", args=[asked.pk])
    client.force_login(world.other_engineer)
    assert client.get(notification.url).status_code == 200


@pytest.mark.parametrize("choice", ["unsubscribed", "both channels off", "on vacation"])
def test_a_colleague_who_opted_out_gets_nothing(world, choice):
    person = world.other_engineer
    if choice == "unsubscribed":
        unsubscribe(person, ASKED, timezone.now())
    elif choice == "both channels off":
        NudgePreference.objects.create(person=person, kind=ASKED, email=False, in_app=False)
    else:
        on_vacation(person, local_today(timezone.now(), person.zone))
    ask(an_artifact(world), person)
    assert claims(ASKED) == []
    assert Attestation.objects.get().is_pending  # still asked; answered from the page


def test_a_request_cancelled_before_delivery_is_skipped(world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    attestation_cancel(attestation=asked, by=world.owner)
    mail.outbox = []
    assert deliver_claim(claims(ASKED)[0].pk) == NudgeClaim.Status.SKIPPED
    assert mail.outbox == [] and not world.other_engineer.notifications.exists()


def test_the_reminder_goes_once_a_week_after_an_unanswered_request(world):
    [asked] = asked_at(ASKED_AT, world)
    assert plan(REMINDER, ASKED_AT + timedelta(days=6, hours=23)) == 0
    week = ASKED_AT + timedelta(days=7)
    assert plan(REMINDER, week) == 1
    assert plan(REMINDER, week) == 0
    assert plan(REMINDER, week + timedelta(days=1)) == 0
    assert plan(REMINDER, week + timedelta(days=30)) == 0
    [claim] = claims(REMINDER)
    assert (claim.person, claim.period) == (world.other_engineer, str(asked.pk))


def test_the_reminder_is_delivered_with_the_question(world):
    [asked] = asked_at(ASKED_AT, world)
    plan(REMINDER, ASKED_AT + timedelta(days=7))
    email, notification = delivered(claims(REMINDER)[0])
    assert email.subject == "Reminder: Olive Owner asked you to confirm their work"
    assert QUESTION in email.body and "only reminder" in email.body
    assert notification.url == reverse("attestation_answer", args=[asked.pk])


def test_no_reminder_for_an_answered_cancelled_or_trashed_request(world):
    answered, cancelled = asked_at(ASKED_AT, world, world.other_engineer, world.mentor)
    attestation_answer(
        attestation=answered, confirmed=False, statement="", adopted=False,
        by=world.other_engineer,
    )  # fmt: skip
    attestation_cancel(attestation=cancelled, by=world.owner)
    [trashed] = asked_at(ASKED_AT, world, world.manager)
    trashed.artifact.deleted_at = ASKED_AT
    trashed.artifact.save(update_fields=["deleted_at"])
    assert plan(REMINDER, ASKED_AT + timedelta(days=8)) == 0


def test_the_reminder_waits_for_the_colleagues_hour_and_quiet_period(world):
    person = world.other_engineer
    asked_at(ASKED_AT, world)
    early = datetime(2026, 11, 9, 6, 0, tzinfo=UTC)  # 06:00 for the colleague: not yet
    assert plan(REMINDER, early) == 0
    on_vacation(person, local_today(early, person.zone))
    assert plan(REMINDER, early.replace(hour=10)) == 0
    assert plan(REMINDER, early + timedelta(days=1, hours=4)) == 1


def test_the_preferences_page_offers_both_kinds(client, world):
    client.force_login(world.other_engineer)
    page = client.get(reverse("nudge_preferences")).content.decode()
    assert "Confirmation asked" in page and "Confirmation reminder" in page
    assert f'name="{ASKED}-subscribed"' in page and f'name="{REMINDER}-subscribed"' in page
