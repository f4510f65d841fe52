"""Pulses: the engineer and their managers ask and withdraw (mentors and staff, who may
read the engineer, 403; everyone else 404). Only the colleagues asked (here the mentor,
the unassigned mentor and a senior engineer outside the chain) reach the answer page;
nobody else, the engineer and their managers included, is told it exists."""

from promo.pulses.services import pulse_request
from tests.access.rules import Rule, signed_in
from tests.factories import engineer

EVERYONE_405 = signed_in(405)


def a_person(world):
    return {"pk": world.owner.pk}


def a_pulse_about_the_owner(world):
    senior = engineer("L7", display_name="Sid Senior")
    pulse = pulse_request(
        person=world.owner,
        recipients=[world.mentor, world.unassigned_mentor, senior],
        by=world.owner,
    )
    return {"pk": pulse.pk}


# The engineer and anyone above them; readers who may not ask, 403.
ASKERS = signed_in(404, owner=200, manager=200, mentor=403, staff=403)
ASKED = signed_in(404, mentor=200, unassigned_mentor=200)

RULES = {
    "pulse_start": Rule(
        get=ASKERS,
        post=ASKERS,
        kwargs=a_person,
        note="POST {} re-renders the form with its errors",
    ),
    "pulse_withdraw": Rule(
        get=EVERYONE_405,
        post=signed_in(404, owner=302, manager=302, mentor=403, staff=403),
        kwargs=a_pulse_about_the_owner,
    ),
    "pulse_answer": Rule(
        get=ASKED,
        post=ASKED,
        kwargs=a_pulse_about_the_owner,
        note="POST {} re-renders the colleague's form with its errors",
    ),
    "pulse_answer_withdraw": Rule(
        get=EVERYONE_405,
        post=signed_in(404, mentor=302, unassigned_mentor=302),
        kwargs=a_pulse_about_the_owner,
        note="nothing answered yet: a message, and back to the answer page",
    ),
}
