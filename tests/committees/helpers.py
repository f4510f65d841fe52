"""Building cycles for the committees' tests, through the services."""

import datetime

from django.utils import timezone

from promo.committees.release import cycle_release
from promo.committees.services import (
    committee_set_members,
    cycle_advance,
    cycle_save,
    nomination_create,
    nomination_decide,
    vote_cast,
)
from promo.demo.steps import ensure_default_ladder
from promo.models import Committee, Cycle, Level
from tests.factories import candidacy_for, engineer

ENDORSEMENT = "Led the payments migration and grew two engineers."


def level(code):
    return Level.objects.get(ladder=ensure_default_ladder(), code=code)


def a_cycle(by, *, name="Spring cycle", levels=("L6",), members=(), status="nominations"):
    """A cycle over `levels`, each committee with `members`, moved on to `status`."""
    today = timezone.localdate()
    cycle = Cycle(
        name=name,
        nomination_deadline=today + datetime.timedelta(days=7),
        committee_starts_on=today + datetime.timedelta(days=10),
        committee_ends_on=today + datetime.timedelta(days=12),
    )
    cycle_save(cycle=cycle, by=by, levels=[level(code) for code in levels])
    for committee in Committee.objects.filter(cycle=cycle):
        committee_set_members(committee=committee, by=by, members=list(members))
    while cycle.status != status:
        cycle_advance(cycle=cycle, by=by)
    return cycle


def a_committee_member(**fields):
    fields.setdefault("display_name", "Mo Member")
    fields.setdefault("email", "mo@example.com")
    return engineer("L7", **fields)


def nominate(cycle, person, *, by, endorsement=ENDORSEMENT):
    candidacy = candidacy_for(person)
    return nomination_create(cycle=cycle, candidacy=candidacy, by=by, endorsement=endorsement)


def in_review(cycle, by):
    cycle_advance(cycle=cycle, by=by)
    return cycle


def criteria_ids(nomination):
    return [cell["id"] for cell in nomination.packet["readiness"]["criteria"]]


def vote(nomination, member, value="meets", overall="promote", note=""):
    criteria = dict.fromkeys(map(str, criteria_ids(nomination)), value)
    return vote_cast(
        nomination=nomination, member=member, criteria=criteria, overall=overall, note=note
    )


def decide_not_yet(nomination, by, feedback=None):
    first = criteria_ids(nomination)[0]
    feedback = {str(first): "Impact is too recent to judge."} if feedback is None else feedback
    return nomination_decide(nomination=nomination, by=by, decision="not_yet", feedback=feedback)


def decide_promote(nomination, by):
    return nomination_decide(nomination=nomination, by=by, decision="promote", feedback={})


def release(cycle, by):
    return cycle_release(cycle=cycle, by=by, accept_warnings=True)
