"""The URL × persona matrix again, after the organisation changes under existing objects.

Each test builds a URL's objects (a case, a gap, evidence, a round) first, then changes the
organisation through its services, then asks GET, htmx GET and POST as every persona. The
expected status is the rules' own (tests/access/expectations_*.py), read for the role the
person holds now: after the owner's manager moves, the old manager stands where
"other_manager" stood and the new one where "manager" stood; a removed mentor stands where
"unassigned_mentor" stood; a deactivated person is an anonymous visitor. Nothing here is a
recording of today's answers.

The organisation is built once per module inside a transaction rolled back at the end; each
test runs in its own transaction and each persona in a savepoint, so no request sees
another's writes.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from promo.org.services import mentor_unassign, person_save, user_set_manager
from tests.access.rules import LOGIN, PERSONAS
from tests.access.test_url_matrix import RULES, _request
from tests.conftest import sign_in_with

pytestmark = pytest.mark.slow(seconds=30)


def _move_the_owners_manager(world):
    user_set_manager(user=world.owner, manager=world.other_manager, by=world.staff)


def _remove_the_owners_mentor(world):
    mentor_unassign(assignment=world.owner.mentor_links.get(mentor=world.mentor), by=world.staff)


def _deactivate_the_manager(world):
    manager = world.manager
    manager.is_active = False
    person_save(person=manager, manager=manager.manager, by=world.staff)


@dataclass(frozen=True)
class State:
    change: object  # callable(world), through the services staff use
    stands_as: dict  # persona -> the persona whose column of the rules applies now
    # URLs whose object is the very thing the change removes (nothing left to ask about).
    gone: frozenset = field(default_factory=frozenset)


STATES = {
    "manager_changed": State(
        _move_the_owners_manager, {"manager": "other_manager", "other_manager": "manager"}
    ),
    "mentor_removed": State(
        _remove_the_owners_mentor,
        {"mentor": "unassigned_mentor"},
        gone=frozenset({"staff_mentor_remove"}),
    ),
    "manager_deactivated": State(_deactivate_the_manager, {"manager": "anonymous"}),
}

CASES = [
    (state, name) for state in STATES for name in sorted(RULES) if name not in STATES[state].gone
]


def _status_ok(response, expected):
    if expected == LOGIN:
        return response.status_code == 302 and "login" in response["Location"]
    return response.status_code == expected


def _failures_as(persona, sessions, url, rule, column):
    client = Client()
    if persona != "anonymous":
        sign_in_with(client, sessions[persona])
    failures = []
    for method in ("GET", "HTMX", "POST"):
        expected = rule.expected(method, column)
        response = _request(client, method, url)
        if not _status_ok(response, expected):
            failures.append(
                f"{persona} (now as {column}) {method} {url}: "
                f"expected {expected}, got {response.status_code}"
            )
    return failures


@pytest.mark.parametrize("state_name,url_name", CASES)
def test_access_after_the_change(state_name, url_name, shared_world, sessions):
    state, rule = STATES[state_name], RULES[url_name]
    world = shared_world
    url = reverse(url_name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    state.change(world)
    failures = []
    for persona in PERSONAS:
        column = state.stands_as.get(persona, persona)
        with transaction.atomic():
            failures += _failures_as(persona, sessions, url, rule, column)
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
