"""Asking, answering, withdrawing and closing, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from promo.models import AuditEntry, NudgeClaim, Pulse, PulseRecipient
from promo.pulses.models import OPEN_FOR
from promo.pulses.services import (
    pulse_answer,
    pulse_answer_withdraw,
    pulse_request,
    pulse_withdraw,
    pulses_close_expired,
)
from tests.factories import MentorAssignmentFactory, engineer
from tests.pulses.helpers import answer, ask, seniors

pytestmark = pytest.mark.django_db

A = AuditEntry.Action


def audited(action):
    return list(AuditEntry.objects.filter(action=action).values_list("actor__email", "detail"))


def test_asking_makes_a_pulse_an_audit_entry_and_a_nudge_for_each_colleague(world):
    people = seniors(3)
    pulse = ask(world, people)
    assert pulse.status == Pulse.Status.OPEN and pulse.level.code == "L6"
    assert pulse.question == "Does Olive Owner operate at L6 Senior Software Engineer today?"
    assert pulse.open_until == pulse.created_at + timedelta(days=14)
    assert {r.person for r in pulse.recipients.all()} == set(people)
    assert sorted(detail for _, detail in audited(A.PULSE_REQUESTED)) == [
        "Asked Answerer 1 about L6", "Asked Answerer 2 about L6", "Asked Answerer 3 about L6",
    ]  # fmt: skip
    claims = NudgeClaim.objects.filter(kind="pulse_requested")
    assert {c.person for c in claims} == set(people)


@pytest.mark.parametrize("count", [0, 2, 8])
def test_three_to_seven_colleagues(world, count):
    with pytest.raises(ValidationError, match=f"between 3 and 7 colleagues; you chose {count}"):
        ask(world, seniors(count))
    assert not Pulse.objects.exists()


def test_seven_is_allowed(world):
    assert ask(world, seniors(7)).recipients.count() == 7


@pytest.mark.parametrize("who", ["owner", "manager", "director", "other_engineer", "staff"])
def test_only_seniors_outside_the_management_chain(world, who):
    people = [*seniors(2), getattr(world, who)]
    with pytest.raises(ValidationError, match="Ask only senior colleagues outside"):
        ask(world, people)
    assert not Pulse.objects.exists()


def test_someone_below_the_engineer_is_in_their_chain(world):
    report = engineer("L7", display_name="Rita Report", manager=world.owner)
    with pytest.raises(ValidationError, match="not Rita Report"):
        ask(world, [*seniors(2), report])


def test_a_mentor_counts_as_senior_whatever_their_level(world):
    junior_mentor = engineer("L4", display_name="Mo Mentor")
    MentorAssignmentFactory(mentor=junior_mentor, mentee=world.other_engineer)
    assert ask(world, [*seniors(2), junior_mentor]).recipients.count() == 3


def test_the_manager_may_start_one_for_their_report(world):
    pulse = ask(world, by=world.director)
    assert pulse.started_by == world.director


@pytest.mark.parametrize("who", ["other_engineer", "mentor", "staff", "other_manager"])
def test_nobody_else_starts_one(world, who):
    with pytest.raises(PermissionDenied):
        ask(world, by=getattr(world, who))


def test_one_open_pulse_per_person(world):
    ask(world)
    with pytest.raises(ValidationError, match="already has an open pulse"):
        ask(world, [*seniors(1, first=9), world.mentor, world.unassigned_mentor])
    with pytest.raises(IntegrityError):
        Pulse.objects.create(person=world.owner, level=world.owner.level)


def test_an_answer_is_audited_without_what_it_was_and_changes_while_open(world):
    people = seniors(3)
    pulse = ask(world, people)
    answer(pulse, people[0], "not_yet", " Needs one more cross-team project. ")
    recipient = answer(pulse, people[0], "yes")
    assert (recipient.answer, recipient.sentence) == ("yes", "")
    assert audited(A.PULSE_ANSWERED) == [
        ("answerer1@example.com", "Changed their answer"), ("answerer1@example.com", "Answered"),
    ]  # fmt: skip
    entries = " ".join(str(vars(e)) for e in AuditEntry.objects.all())
    assert "not_yet" not in entries and "cross-team" not in entries


def test_only_the_colleague_asked_answers(world):
    people = seniors(3)
    pulse = ask(world, people)
    recipient = pulse.recipients.get(person=people[0])
    for someone in (world.owner, world.manager, people[1]):
        with pytest.raises(PermissionDenied):
            pulse_answer(recipient=recipient, answer="yes", sentence="", by=someone)


def test_answers_close_after_fourteen_days(world):
    people = seniors(3)
    pulse = ask(world, people)
    recipient = pulse.recipients.get(person=people[0])
    later = pulse.created_at + OPEN_FOR
    with pytest.raises(ValidationError, match="closed"):
        pulse_answer(recipient=recipient, answer="yes", sentence="", by=people[0], now=later)
    assert not PulseRecipient.objects.exclude(answer="").exists()


def test_closing_is_idempotent_and_frees_the_person(world):
    pulse = ask(world)
    assert pulses_close_expired(now=pulse.created_at + OPEN_FOR - timedelta(seconds=1)) == 0
    later = pulse.created_at + OPEN_FOR
    assert pulses_close_expired(now=later) == 1
    assert pulses_close_expired(now=later) == 0
    pulse.refresh_from_db()
    assert (pulse.status, pulse.closed_at) == (Pulse.Status.CLOSED, pulse.open_until)
    assert [actor for actor, _ in audited(A.PULSE_CLOSED)] == [None]
    ask(world, [*seniors(1, first=9), world.mentor, world.unassigned_mentor])


def test_asking_again_closes_an_expired_pulse_the_job_has_not_reached(world):
    first = ask(world)
    Pulse.objects.filter(pk=first.pk).update(created_at=timezone.now() - OPEN_FOR)
    second = ask(world, [world.mentor, world.unassigned_mentor, world.other_manager])
    first.refresh_from_db()
    assert first.status == Pulse.Status.CLOSED and second.is_open


def test_withdrawing_an_answer_and_the_pulse_are_audited(world):
    people = seniors(3)
    pulse = ask(world, people)
    answer(pulse, people[0], "yes", "Already does.")
    recipient = pulse_answer_withdraw(
        recipient=pulse.recipients.get(person=people[0]), by=people[0]
    )
    assert (recipient.answer, recipient.sentence, recipient.answered_at) == ("", "", None)
    with pytest.raises(ValidationError, match="no answer of yours"):
        pulse_answer_withdraw(recipient=recipient, by=people[0])
    with pytest.raises(PermissionDenied):
        pulse_withdraw(pulse=pulse, by=people[1])
    pulse_withdraw(pulse=pulse, by=world.manager)
    assert Pulse.objects.get().status == Pulse.Status.WITHDRAWN
    with pytest.raises(ValidationError, match="already closed or withdrawn"):
        pulse_withdraw(pulse=pulse, by=world.owner)
    assert audited(A.PULSE_ANSWER_WITHDRAWN) == [("answerer1@example.com", "Withdrew their answer")]
    assert audited(A.PULSE_WITHDRAWN) == [("maya@example.com", "Withdrew the pulse")]


def test_no_pulse_without_a_level_above(world):
    top = engineer("L8", display_name="Tia Top")
    with pytest.raises(ValidationError, match="no level above"):
        pulse_request(person=top, recipients=seniors(3), by=top)
