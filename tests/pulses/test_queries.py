"""What may be shown of a pulse: `pulse_summary_for`, as the readiness page and a
committee packet read it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promo.pulses.models import OPEN_FOR
from promo.pulses.queries import pulse_summary_for, senior_colleagues_for
from promo.pulses.services import pulse_withdraw, pulses_close_expired
from tests.pulses.helpers import answer, ask, seniors

pytestmark = pytest.mark.django_db


def test_nothing_before_a_pulse(world):
    with CaptureQueriesContext(connection) as queries:
        assert pulse_summary_for(world.owner) is None
    assert len(queries) == 1


def test_below_three_answers_only_the_count_shows(world):
    people = seniors(5)
    pulse = ask(world, people)
    answer(pulse, people[0], "yes", "Already leads the migration.")
    answer(pulse, people[1], "not_yet")
    summary = pulse_summary_for(world.owner)
    assert (summary.asked, summary.answered, summary.shown) == (5, 2, False)
    assert summary.counts == () and summary.sentences == () and summary.still_needed == 1


def test_from_three_answers_counts_and_sentences_without_names(world):
    people = seniors(4)
    pulse = ask(world, people)
    answer(pulse, people[0], "yes", "Zero doubt.")
    answer(pulse, people[1], "not_yet", "Almost there.")
    answer(pulse, people[2], "dont_know")
    with CaptureQueriesContext(connection) as queries:
        summary = pulse_summary_for(world.owner)
    assert len(queries) == 3  # its id, the pulse, the answers (however many)
    assert summary.shown and (summary.asked, summary.answered) == (4, 3)
    assert summary.counts == (("Yes", 1), ("Not yet", 1), ("Don’t know", 1))
    assert summary.sentences == ("Almost there.", "Zero doubt.")  # sorted, not by time
    assert "Answerer" not in repr(summary.counts) + repr(summary.sentences)


def test_a_closed_pulse_still_shows_and_a_withdrawn_one_does_not(world):
    people = seniors(3)
    pulse = ask(world, people)
    for person in people:
        answer(pulse, person)
    pulses_close_expired(now=pulse.created_at + OPEN_FOR)
    summary = pulse_summary_for(world.owner)
    assert not summary.is_open and summary.counts[0] == ("Yes", 3)
    second = ask(world, [world.mentor, world.unassigned_mentor, world.other_manager])
    pulse_withdraw(pulse=second, by=world.owner)
    assert pulse_summary_for(world.owner).pulse == pulse


def test_open_is_computed_from_when_it_was_asked(world):
    pulse = ask(world)
    assert pulse_summary_for(world.owner, now=pulse.open_until - timedelta(seconds=1)).is_open
    assert not pulse_summary_for(world.owner, now=pulse.open_until).is_open


def test_senior_colleagues_are_at_or_above_the_level_or_mentors_outside_the_chain(world):
    level = world.owner.level.next_level()
    names = {str(p) for p in senior_colleagues_for(world.owner, level)}
    # The two committee members are L7 engineers: senior to an L5 aiming at L6.
    assert names == {
        "Otto Othermanager",
        "Pia Principal",
        "Uma Unassigned",
        "Cora Committee",
        "Carl Conflicted",
    }
