"""Asking, cancelling, answering and withdrawing, through the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from promo.attestations.services import (
    MAX_OPEN_REQUESTS,
    attestation_answer,
    attestation_cancel,
    attestation_request,
    attestation_withdraw,
)
from promo.models import Attestation, AuditEntry, NudgeClaim
from tests.attestations.helpers import QUESTION, an_artifact, ask
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

A = AuditEntry.Action


def audited(action):
    return list(AuditEntry.objects.filter(action=action).values_list("actor__email", flat=True))


def test_asking_makes_a_pending_request_an_audit_entry_and_a_nudge(world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    assert asked.status == Attestation.Status.PENDING and asked.question == QUESTION
    assert audited(A.ATTESTATION_REQUESTED) == [world.owner.email]
    [claim] = NudgeClaim.objects.filter(kind="attestation_requested")
    assert claim.person == world.other_engineer and claim.period == str(asked.pk)


def test_nobody_asks_themselves(world):
    with pytest.raises(ValidationError, match="your own work"):
        ask(an_artifact(world), world.owner)
    assert not Attestation.objects.exists()


def test_only_the_owner_asks(world):
    artifact = an_artifact(world)
    with pytest.raises(PermissionDenied):
        attestation_request(
            artifact=artifact, attesters=[world.mentor], question=QUESTION, by=world.manager
        )


def test_at_most_twenty_open_requests_and_a_cancel_makes_room(world):
    people = UserFactory.create_batch(MAX_OPEN_REQUESTS + 1)
    first = ask(an_artifact(world), *people[:MAX_OPEN_REQUESTS])
    with pytest.raises(ValidationError, match="at most 20 requests waiting.*ask 0 more"):
        ask(an_artifact(world, title="Another"), people[-1])
    attestation_cancel(attestation=first[0], by=world.owner)
    ask(an_artifact(world, title="Another"), people[-1])
    assert Attestation.objects.filter(status=Attestation.Status.PENDING).count() == 20


def test_a_batch_that_would_pass_the_cap_is_refused_whole(world):
    people = UserFactory.create_batch(MAX_OPEN_REQUESTS + 1)
    with pytest.raises(ValidationError, match="ask 20 more"):
        ask(an_artifact(world), *people)
    assert not Attestation.objects.exists()


def test_each_person_is_asked_once_per_artifact_unless_cancelled(world):
    artifact = an_artifact(world)
    [asked] = ask(artifact, world.other_engineer)
    with pytest.raises(ValidationError, match="Already asked.*Ezra Engineer"):
        ask(artifact, world.other_engineer)
    attestation_cancel(attestation=asked, by=world.owner)
    [again] = ask(artifact, world.other_engineer)
    assert again.pk != asked.pk


def test_the_database_holds_one_answer_per_person_and_artifact(world):
    artifact = an_artifact(world)
    ask(artifact, world.other_engineer)
    with pytest.raises(IntegrityError):
        Attestation.objects.create(artifact=artifact, attester=world.other_engineer, question="x")


def test_confirming_keeps_their_words_and_adoption_once(world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    answered = attestation_answer(
        attestation=asked, confirmed=True, statement=" Saved us a sprint. ", adopted=True,
        by=world.other_engineer,
    )  # fmt: skip
    assert (answered.status, answered.statement, answered.adopted) == (
        Attestation.Status.CONFIRMED, "Saved us a sprint.", True,
    )  # fmt: skip
    assert answered.answered_at is not None
    with pytest.raises(ValidationError, match="already answered"):
        attestation_answer(
            attestation=asked, confirmed=False, statement="", adopted=False,
            by=world.other_engineer,
        )  # fmt: skip
    assert audited(A.ATTESTATION_ANSWERED) == [world.other_engineer.email]


def test_declining_keeps_no_words_and_no_adoption(world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    answered = attestation_answer(
        attestation=asked, confirmed=False, statement="Not really", adopted=True,
        by=world.other_engineer,
    )  # fmt: skip
    assert (answered.status, answered.statement, answered.adopted) == ("declined", "", False)


def test_only_the_colleague_asked_answers_and_never_about_their_own_work(world):
    artifact = an_artifact(world)
    [asked] = ask(artifact, world.other_engineer)
    for someone in (world.owner, world.manager):
        with pytest.raises(PermissionDenied):
            attestation_answer(
                attestation=asked, confirmed=True, statement="", adopted=False, by=someone
            )
    # Even a row naming the owner as attester (never made by the service) is refused.
    own = Attestation.objects.create(artifact=artifact, attester=world.owner, question="x")
    with pytest.raises(PermissionDenied):
        attestation_answer(
            attestation=own, confirmed=True, statement="", adopted=False, by=world.owner
        )


def test_withdrawing_takes_the_answer_back_and_is_audited(world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    attestation_answer(
        attestation=asked, confirmed=True, statement="Yes.", adopted=True, by=world.other_engineer
    )
    withdrawn = attestation_withdraw(attestation=asked, by=world.other_engineer)
    assert (withdrawn.status, withdrawn.statement, withdrawn.adopted) == ("withdrawn", "", False)
    with pytest.raises(ValidationError, match="no answer of yours"):
        attestation_withdraw(attestation=asked, by=world.other_engineer)
    assert audited(A.ATTESTATION_WITHDRAWN) == [world.other_engineer.email]


def test_cancelling_is_the_owners_and_only_while_pending(world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    with pytest.raises(PermissionDenied):
        attestation_cancel(attestation=asked, by=world.other_engineer)
    attestation_answer(
        attestation=asked, confirmed=False, statement="", adopted=False, by=world.other_engineer
    )
    with pytest.raises(ValidationError, match="already answered or cancelled"):
        attestation_cancel(attestation=asked, by=world.owner)
    assert audited(A.ATTESTATION_CANCELLED) == []


def test_a_cancel_is_audited(world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    attestation_cancel(attestation=asked, by=world.owner)
    assert audited(A.ATTESTATION_CANCELLED) == [world.owner.email]
    assert Attestation.objects.get().status == Attestation.Status.CANCELLED
