"""Promotion cycles. The world's owner is nominated in a cycle in review, before the L6
committee of the committee member and the conflicted member, whom the rows here make the
owner's mentor: they see the packet and present the case, and are refused a vote (403).
Nobody off the committee is told a grid or a packet exists, except the candidate, their
managers and staff, who see the packet (404 for everyone else)."""

from promo.models import MentorAssignment
from tests.access.rules import Rule, get_only, signed_in, staff_only


def _cycle_in_review(world):
    from tests.committees.helpers import a_cycle, in_review, nominate

    MentorAssignment.objects.get_or_create(mentor=world.conflicted_member, mentee=world.owner)
    cycle = a_cycle(world.staff, members=[world.committee_member, world.conflicted_member])
    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    return cycle, nomination


def a_cycle(world):
    return {"pk": _cycle_in_review(world)[0].pk}


def a_committee(world):
    return {"pk": _cycle_in_review(world)[1].committee_id}


def a_nomination(world):
    return {"pk": _cycle_in_review(world)[1].pk}


def a_nominated_candidacy(world):
    return {"pk": _cycle_in_review(world)[1].candidacy_id}


POST_ONLY = signed_in(405)
MEMBERS = signed_in(404, committee_member=200, conflicted_member=200, staff=200)
PACKET = signed_in(
    404, owner=200, manager=200, committee_member=200, conflicted_member=200, staff=200
)


def judging(member_status):
    """Voting or deciding: the packet's readers who may not judge get 403."""
    return signed_in(
        404,
        owner=403,
        manager=403,
        committee_member=member_status,
        conflicted_member=403,
        staff=403,
    )


DECIDING = dict(judging(200), staff=200)

RULES = {
    "staff_cycles": staff_only(note="an empty POST re-renders the form with its errors"),
    "staff_cycle": staff_only(kwargs=a_cycle, note="an empty POST re-renders the form"),
    "staff_cycle_advance": staff_only(get=405, post=302, kwargs=a_cycle),
    "staff_cycle_release": staff_only(
        get=405, kwargs=a_cycle, note="undecided nominations: the page again, with why"
    ),
    "staff_committee_members": staff_only(get=405, post=302, kwargs=a_committee),
    "cycles": get_only(signed_in(200)),
    "cycle_detail": Rule(get=signed_in(200), post=POST_ONLY, kwargs=a_cycle),
    "cycle_nominate": Rule(
        get=POST_ONLY,
        post=signed_in(200),
        kwargs=a_cycle,
        note="the choices are the viewer's reports' cases: the form again with its errors",
    ),
    "cycle_request": Rule(
        get=POST_ONLY,
        post=signed_in(403, owner=302),
        kwargs=a_cycle,
        note="only someone with a case asks; the cycle is in review: a message",
    ),
    "committee_grid": Rule(get=MEMBERS, post=POST_ONLY, kwargs=a_committee),
    "nomination_detail": Rule(get=PACKET, post=POST_ONLY, kwargs=a_nomination),
    "nomination_vote": Rule(
        get=POST_ONLY, post=judging(200), kwargs=a_nomination, note="POST {} re-renders errors"
    ),
    "nomination_decide": Rule(
        get=POST_ONLY, post=DECIDING, kwargs=a_nomination, note="POST {} re-renders errors"
    ),
    "candidacy_cycles": Rule(
        get=signed_in(404, owner=200, mentor=200, manager=200, staff=200, conflicted_member=200),
        post=POST_ONLY,
        kwargs=a_nominated_candidacy,
    ),
}
