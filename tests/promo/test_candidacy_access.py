import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from promo.candidacies.access import (
    CandidacyRights,
    Need,
    candidacy_for_viewer,
    gap_for_viewer,
    rights_over,
)
from promo.candidacies.services import gap_add
from promo.org.services import mentor_assign, mentor_unassign, user_set_manager
from tests.factories import UserFactory, candidacy_for

EVERYTHING = CandidacyRights(view=True, prepare=True, gaps=True, decide=True)
NOTHING = CandidacyRights()
EXPECTED = {
    "owner": CandidacyRights(view=True, prepare=True, gaps=True, decide=False),
    "mentor": CandidacyRights(view=True, prepare=False, gaps=True, decide=False),
    "manager": EVERYTHING,
    "staff": EVERYTHING,
    "other_engineer": NOTHING,
    "unassigned_mentor": NOTHING,
    "other_manager": NOTHING,
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_has_the_rights_the_issue_gives(persona, world):
    candidacy = candidacy_for(world.owner)
    viewer = world.personas()[persona]
    assert rights_over(viewer, candidacy) == EXPECTED[persona]
    for need in Need:
        allowed = EXPECTED[persona].allows(need)
        if allowed:
            assert candidacy_for_viewer(viewer, candidacy.pk, need=need)[0] == candidacy
        elif EXPECTED[persona].view:
            with pytest.raises(PermissionDenied):
                candidacy_for_viewer(viewer, candidacy.pk, need=need)
        else:
            with pytest.raises(Http404):
                candidacy_for_viewer(viewer, candidacy.pk, need=need)


def test_a_new_manager_gains_the_case_and_the_old_one_loses_it(world):
    candidacy = candidacy_for(world.owner)
    user_set_manager(user=world.owner, manager=world.other_manager, by=world.staff)
    candidacy.refresh_from_db()
    assert rights_over(world.other_manager, candidacy) == EVERYTHING
    assert rights_over(world.manager, candidacy) == NOTHING
    assert candidacy.current_manager == world.other_manager


def test_a_removed_mentor_loses_the_case_and_a_new_one_gains_it(world):
    candidacy = candidacy_for(world.owner)
    mentor_unassign(assignment=world.owner.mentor_links.get(), by=world.staff)
    mentor_assign(mentor=world.unassigned_mentor, mentee=world.owner, by=world.staff)
    assert rights_over(world.mentor, candidacy) == NOTHING
    assert rights_over(world.unassigned_mentor, candidacy) == EXPECTED["mentor"]
    assert list(candidacy.current_mentors()) == [world.unassigned_mentor]
    with pytest.raises(Http404):
        candidacy_for_viewer(world.mentor, candidacy.pk, need=Need.GAPS)


def test_someone_who_was_never_assigned_is_no_mentor(world):
    candidacy = candidacy_for(world.owner)
    assert rights_over(UserFactory(), candidacy) == NOTHING


def test_managers_up_the_chain_decide(world):
    candidacy = candidacy_for(world.owner)
    assert rights_over(world.director, candidacy) == EVERYTHING


def test_gaps_are_reached_only_through_their_candidacy(world):
    candidacy = candidacy_for(world.owner)
    gap = gap_add(
        candidacy=candidacy,
        by=world.owner,
        criterion=candidacy.ladder.criteria.first(),
        text="x",
    )
    assert gap_for_viewer(world.mentor, gap.pk)[0] == gap
    with pytest.raises(Http404):
        gap_for_viewer(world.other_engineer, gap.pk)
    with pytest.raises(Http404):
        gap_for_viewer(world.mentor, gap.pk + 1000)


# (status, the manager's next steps, the engineer's next steps) among
# submit / outcome / resubmit / target date / add a gap.
NEXT_STEPS = [
    ("preparing", {"submit", "target", "gap"}, {"target", "gap"}),
    ("submitted", {"outcome", "target", "gap"}, {"target", "gap"}),
    ("not_yet", {"resubmit", "gap"}, {"resubmit", "gap"}),
    ("promoted", set(), set()),
]


def _next_steps(rights):
    steps = {
        "submit": rights.can_submit,
        "outcome": rights.can_record_outcome,
        "resubmit": rights.can_resubmit,
        "target": rights.can_change_target_date,
        "gap": rights.can_add_gap,
    }
    return {name for name, allowed in steps.items() if allowed}


@pytest.mark.parametrize(("status", "manager", "owner"), NEXT_STEPS)
def test_the_rights_say_what_comes_next_from_the_status(status, manager, owner, world):
    candidacy = candidacy_for(world.owner)
    candidacy.status = status
    assert _next_steps(rights_over(world.manager, candidacy)) == manager
    assert _next_steps(rights_over(world.owner, candidacy)) == owner
    assert _next_steps(rights_over(world.other_engineer, candidacy)) == set()
