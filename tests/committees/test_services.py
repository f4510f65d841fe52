import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from promo.candidacies.services import candidacy_record_outcome, gap_add, gap_close
from promo.committees.checks import calibration_checks
from promo.committees.services import cycle_advance, nomination_create, nomination_request
from promo.models import Candidacy, Criterion, Gap, NudgeClaim, Submission
from tests.committees.helpers import (
    a_cycle,
    decide_not_yet,
    decide_promote,
    in_review,
    nominate,
    release,
    vote,
)
from tests.factories import candidacy_for


def test_a_cycle_moves_from_draft_to_closed(world, member):
    cycle = a_cycle(world.staff, members=[member], status="draft")
    for expected in ("nominations", "review"):
        cycle_advance(cycle=cycle, by=world.staff)
        assert cycle.status == expected
    with pytest.raises(ValidationError, match="Release"):
        cycle_advance(cycle=cycle, by=world.staff)
    release(cycle, world.staff)
    cycle_advance(cycle=cycle, by=world.staff)
    assert cycle.status == "closed"


def test_review_needs_members_on_every_committee(world):
    cycle = a_cycle(world.staff, members=[])
    with pytest.raises(ValidationError, match="L6"):
        cycle_advance(cycle=cycle, by=world.staff)


def test_nomination_freezes_the_packet_and_submits_the_case(world, cycle):
    nomination = nominate(cycle, world.owner, by=world.manager)
    packet = nomination.packet
    assert packet["candidate"]["name"] == str(world.owner)
    assert packet["endorsement"]["by"] == str(world.manager)
    assert {"readiness", "doc", "checkins", "confirmations", "gaps"} <= packet.keys()
    assert packet["readiness"]["criteria"][0]["quarters"]
    candidacy = nomination.candidacy
    candidacy.refresh_from_db()
    assert candidacy.status == Candidacy.Status.SUBMITTED
    assert nomination.submission.candidacy_id == candidacy.pk


def test_the_packet_carries_the_colleagues_pulse_without_names(world, cycle):
    from promo.pulses.services import pulse_answer, pulse_request

    asked = [world.mentor, world.unassigned_mentor, world.other_manager]
    pulse = pulse_request(person=world.owner, recipients=asked, by=world.owner)
    for recipient, answer in zip(pulse.recipients.all(), ["yes", "yes", "not_yet"], strict=True):
        pulse_answer(recipient=recipient, answer=answer, sentence="", by=recipient.person)
    perception = nominate(cycle, world.owner, by=world.manager).packet["perception"]
    assert perception["answered"] == 3 and ["Yes", 2] in perception["counts"]
    assert not any(str(person) in str(perception) for person in asked)


def test_later_edits_do_not_change_a_packet_under_review(world, cycle):
    nomination = nominate(cycle, world.owner, by=world.manager)
    frozen = dict(nomination.packet)
    criterion = Criterion.objects.filter(ladder_id=nomination.candidacy.ladder_id).first()
    gap_add(candidacy=nomination.candidacy, by=world.manager, criterion=criterion, text="More")
    nomination.refresh_from_db()
    assert nomination.packet == frozen


def test_nominations_close_at_the_deadline(world, cycle):
    cycle.nomination_deadline = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save(update_fields=["nomination_deadline"])
    with pytest.raises(ValidationError, match="closed"):
        nominate(cycle, world.owner, by=world.manager)


def test_a_level_outside_the_cycle_is_refused(world, member):
    cycle = a_cycle(world.staff, levels=("L7",), members=[member])
    with pytest.raises(ValidationError, match="no committee for L6"):
        nominate(cycle, world.owner, by=world.manager)


def test_the_manager_endorses_the_engineers_request(world, cycle):
    candidacy = candidacy_for(world.owner)
    requested = nomination_request(cycle=cycle, candidacy=candidacy, by=world.owner)
    assert not requested.is_nominated
    nomination = nomination_create(
        cycle=cycle, candidacy=candidacy, by=world.manager, endorsement="Ready."
    )
    assert nomination.pk == requested.pk and nomination.is_nominated


def test_the_conflicted_member_may_not_vote(world, cycle, member):
    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    with pytest.raises(ValidationError, match="their mentor"):
        vote(nomination, world.mentor)
    assert vote(nomination, member).overall == "promote"


def test_votes_wait_for_the_review(world, cycle, member):
    nomination = nominate(cycle, world.owner, by=world.manager)
    with pytest.raises(ValidationError, match="in review"):
        vote(nomination, member)


def test_not_yet_feedback_becomes_gaps_on_release_and_tells_both(world, cycle, member):
    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    decide_not_yet(nomination, member)
    submission = Submission.objects.get(pk=nomination.submission_id)
    assert submission.is_pending, "hidden until release"
    assert not Gap.objects.filter(candidacy=nomination.candidacy).exists()
    release(cycle, world.staff)
    submission.refresh_from_db()
    assert submission.outcome == "not_yet"
    [gap] = Gap.objects.filter(candidacy=nomination.candidacy)
    assert gap.submission_id == submission.pk
    assert gap.text == "Impact is too recent to judge."
    told = set(
        NudgeClaim.objects.filter(kind="decision_released").values_list("person_id", flat=True)
    )
    assert told == {world.owner.pk, world.manager.pk}


def test_the_next_cycle_starts_from_the_gaps_and_promotes(world, cycle, member):
    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    decide_not_yet(nomination, member)
    release(cycle, world.staff)
    candidacy = nomination.candidacy
    from promo.candidacies.services import candidacy_resubmit

    candidacy_resubmit(candidacy=candidacy, by=world.owner)
    gap_close(gap=candidacy.gaps.get(), by=world.owner, note="Check-ins matured.")
    autumn = a_cycle(world.staff, name="Autumn cycle", members=[member])
    second = nomination_create(
        cycle=autumn, candidacy=candidacy, by=world.manager, endorsement="Gaps closed."
    )
    assert second.packet["gaps"][0]["closed_note"] == "Check-ins matured."
    in_review(autumn, world.staff)
    decide_promote(second, member)
    release(autumn, world.staff)
    world.owner.refresh_from_db()
    assert world.owner.level.code == "L6"


def test_release_waits_for_every_decision(world, cycle, member):
    nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    with pytest.raises(ValidationError, match="Decide every nomination"):
        release(cycle, world.staff)


def test_release_refuses_warnings_unless_accepted(world, cycle, member):
    from promo.committees.release import cycle_release

    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    decide_not_yet(nomination, member, feedback={})
    with pytest.raises(ValidationError, match="Calibration"):
        cycle_release(cycle=cycle, by=world.staff)
    cycle_release(cycle=cycle, by=world.staff, accept_warnings=True)


def test_calibration_checks_warn(world, member):
    cycle = a_cycle(world.staff, levels=("L6", "L8"), members=[member])
    owner = nominate(cycle, world.owner, by=world.manager)
    other = nominate(cycle, world.manager, by=world.director)
    in_review(cycle, world.staff)
    decide_promote(owner, member)
    decide_not_yet(other, member, feedback={})
    kinds = [warning.kind for warning in calibration_checks(cycle)]
    assert kinds.count("rate") == 2
    assert "impact" in kinds  # the owner has no matured impact anywhere
    assert "feedback" in kinds


def test_the_committee_not_the_case_page_decides_a_nominated_submission(world, cycle):
    nomination = nominate(cycle, world.owner, by=world.manager)
    with pytest.raises(ValidationError, match="committee decides"):
        candidacy_record_outcome(
            candidacy=nomination.candidacy, by=world.manager, outcome="promoted"
        )
