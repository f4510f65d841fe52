import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from promo.candidacies.queries import open_candidacy_for
from promo.candidacies.services import (
    candidacy_open,
    candidacy_record_outcome,
    candidacy_resubmit,
    candidacy_set_target_date,
    candidacy_submit,
    gap_add,
    gap_close,
)
from promo.candidacies.targets import target_level_for
from promo.models import Candidacy, Gap, Submission
from tests.factories import candidacy_for

Status = Candidacy.Status
Outcome = Submission.Outcome


def test_it_opens_a_case_for_the_next_level_with_manager_and_mentors(world):
    candidacy = candidacy_for(world.owner)
    assert candidacy.status == Status.PREPARING and candidacy.is_open
    assert candidacy.from_level.code == "L5" and candidacy.target_level.code == "L6"
    assert candidacy.current_manager == world.manager
    assert list(candidacy.current_mentors()) == [world.mentor]
    assert open_candidacy_for(world.owner) == candidacy


def test_target_level_follows_the_open_candidacy(world):
    assert target_level_for(world.owner).code == "L6"
    l7 = world.owner.ladder.levels.get(code="L7")
    candidacy_for(world.owner, target_level=l7)
    assert target_level_for(world.owner) == l7


def test_it_refuses_a_second_open_candidacy(world):
    candidacy_for(world.owner)
    with pytest.raises(ValidationError, match="already has an open candidacy"):
        candidacy_for(world.owner)
    assert Candidacy.objects.filter(person=world.owner).count() == 1


def test_the_database_refuses_a_second_open_candidacy_too(world):
    first = candidacy_for(world.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidacy.objects.create(
            person=world.owner,
            ladder=first.ladder,
            from_level=first.from_level,
            target_level=first.target_level,
        )


def test_it_refuses_a_target_at_or_below_the_current_level(world):
    l5 = world.owner.ladder.levels.get(code="L5")
    with pytest.raises(ValidationError, match="above L5"):
        candidacy_for(world.owner, target_level=l5)


def test_it_refuses_a_case_at_the_top_of_the_ladder(world):
    with pytest.raises(ValidationError, match="top of"):
        candidacy_for(world.director)


def test_promotion_moves_the_person_to_the_target_level(world):
    candidacy = candidacy_for(world.owner)
    submission = candidacy_submit(candidacy=candidacy, by=world.manager)
    assert candidacy.status == Status.SUBMITTED and submission.outcome == Outcome.PENDING
    candidacy_record_outcome(
        candidacy=candidacy, by=world.manager, outcome=Outcome.PROMOTED, feedback="Clear case."
    )
    world.owner.refresh_from_db()
    candidacy.refresh_from_db()
    assert candidacy.status == Status.PROMOTED and not candidacy.is_open
    assert world.owner.level.code == "L6"
    submission.refresh_from_db()
    assert submission.decided_by == world.manager and submission.feedback == "Clear case."
    assert open_candidacy_for(world.owner) is None


def test_not_yet_then_resubmission_keeps_the_history(world):
    candidacy = candidacy_for(world.owner)
    candidacy_submit(candidacy=candidacy, by=world.manager, submitted_on=datetime.date(2026, 3, 1))
    first = candidacy_record_outcome(
        candidacy=candidacy,
        by=world.manager,
        outcome=Outcome.NOT_YET,
        feedback="Show cross-team impact.",
        decided_on=datetime.date(2026, 3, 20),
    )
    assert candidacy.status == Status.NOT_YET
    world.owner.refresh_from_db()
    assert world.owner.level.code == "L5"
    leverage = candidacy.ladder.criteria.get(slug="leverage")
    gap = gap_add(
        candidacy=candidacy,
        by=world.owner,
        criterion=leverage,
        text="Lead a design",
        submission=first,
    )
    candidacy_resubmit(candidacy=candidacy, by=world.owner)
    assert candidacy.status == Status.PREPARING
    gap_close(gap=gap, by=world.owner, note="Led the ledger design review.")
    candidacy_submit(candidacy=candidacy, by=world.manager)
    candidacy_record_outcome(candidacy=candidacy, by=world.manager, outcome=Outcome.PROMOTED)
    outcomes = list(candidacy.submissions.values_list("outcome", flat=True))
    assert outcomes == [Outcome.NOT_YET, Outcome.PROMOTED]
    assert Gap.objects.get(pk=gap.pk).closed_note == "Led the ledger design review."


def test_it_refuses_to_resubmit_unless_not_yet(world):
    candidacy = candidacy_for(world.owner)
    with pytest.raises(ValidationError, match="not yet"):
        candidacy_resubmit(candidacy=candidacy, by=world.owner)


def test_resubmitting_is_refused_when_another_case_is_open(world):
    candidacy = candidacy_for(world.owner)
    candidacy_submit(candidacy=candidacy, by=world.manager)
    candidacy_record_outcome(candidacy=candidacy, by=world.manager, outcome=Outcome.NOT_YET)
    candidacy_for(world.owner)
    with pytest.raises(ValidationError, match="another open candidacy"):
        candidacy_resubmit(candidacy=candidacy, by=world.owner)
    candidacy.refresh_from_db()
    assert candidacy.status == Status.NOT_YET


def test_it_refuses_to_submit_twice_or_decide_without_a_submission(world):
    candidacy = candidacy_for(world.owner)
    with pytest.raises(ValidationError, match="no submission waiting"):
        candidacy_record_outcome(candidacy=candidacy, by=world.manager, outcome=Outcome.NOT_YET)
    candidacy_submit(candidacy=candidacy, by=world.manager)
    with pytest.raises(ValidationError, match="being prepared"):
        candidacy_submit(candidacy=candidacy, by=world.manager)
    assert candidacy.submissions.count() == 1


def test_it_refuses_an_unknown_outcome_or_a_decision_before_the_submission(world):
    candidacy = candidacy_for(world.owner)
    candidacy_submit(candidacy=candidacy, by=world.manager, submitted_on=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        candidacy_record_outcome(candidacy=candidacy, by=world.manager, outcome=Outcome.PENDING)
    with pytest.raises(ValidationError, match="before the submission"):
        candidacy_record_outcome(
            candidacy=candidacy,
            by=world.manager,
            outcome=Outcome.PROMOTED,
            decided_on=datetime.date(2026, 4, 1),
        )
    candidacy.refresh_from_db()
    assert candidacy.status == Status.SUBMITTED


def test_a_stale_copy_cannot_move_a_candidacy_twice(world):
    candidacy = candidacy_for(world.owner)
    stale = Candidacy.objects.get(pk=candidacy.pk)
    candidacy_submit(candidacy=candidacy, by=world.manager)
    with pytest.raises(ValidationError):
        candidacy_submit(candidacy=stale, by=world.staff)
    assert candidacy.submissions.count() == 1


def test_gaps_need_a_criterion_of_the_ladder_and_some_text(world, django_user_model):
    candidacy = candidacy_for(world.owner)
    with pytest.raises(ValidationError) as error:
        gap_add(candidacy=candidacy, by=world.mentor, criterion=None, text="  ")
    assert set(error.value.message_dict) == {"criterion", "text"}


def test_it_refuses_feedback_from_another_candidacy(world):
    mine, theirs = candidacy_for(world.owner), candidacy_for(world.other_engineer)
    submission = candidacy_submit(candidacy=theirs, by=world.other_manager)
    scope = mine.ladder.criteria.get(slug="scope")
    with pytest.raises(ValidationError, match="another candidacy"):
        gap_add(candidacy=mine, by=world.owner, criterion=scope, text="x", submission=submission)


def test_closing_a_gap_needs_a_note_and_happens_once(world):
    candidacy = candidacy_for(world.owner)
    gap = gap_add(
        candidacy=candidacy,
        by=world.mentor,
        criterion=candidacy.ladder.criteria.first(),
        text="Write the vision doc",
    )
    with pytest.raises(ValidationError, match="how the gap was closed"):
        gap_close(gap=gap, by=world.owner, note=" ")
    gap_close(gap=gap, by=world.owner, note="Published it.")
    with pytest.raises(ValidationError, match="already closed"):
        gap_close(gap=gap, by=world.owner, note="Again")


def test_a_decided_candidacy_keeps_its_target_date(world):
    candidacy = candidacy_for(world.owner, target_date=datetime.date(2026, 6, 1))
    candidacy_set_target_date(candidacy=candidacy, by=world.owner, target_date=None)
    assert candidacy.target_date is None
    candidacy_submit(candidacy=candidacy, by=world.manager)
    candidacy_record_outcome(candidacy=candidacy, by=world.manager, outcome=Outcome.PROMOTED)
    with pytest.raises(ValidationError, match="history"):
        candidacy_set_target_date(
            candidacy=candidacy, by=world.owner, target_date=datetime.date(2027, 1, 1)
        )


def test_no_gaps_are_added_after_a_promotion(world):
    candidacy = candidacy_for(world.owner)
    candidacy_submit(candidacy=candidacy, by=world.manager)
    candidacy_record_outcome(candidacy=candidacy, by=world.manager, outcome=Outcome.PROMOTED)
    with pytest.raises(ValidationError, match="promotion"):
        gap_add(
            candidacy=candidacy,
            by=world.owner,
            criterion=candidacy.ladder.criteria.first(),
            text="late",
        )


def test_a_person_without_a_level_cannot_open_a_case(world):
    with pytest.raises(ValidationError, match="no ladder"):
        candidacy_open(person=world.staff, by=world.staff)
