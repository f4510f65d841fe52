"""The access tests' organisation, built once per module inside a transaction rolled back
at its end, with a signed-in session per person. Each test reads the people afresh in its
own savepoint, so no test sees another's objects or writes."""

import pytest

from tests.conftest import signed_in_sessions, world_built_once, world_from_ids


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    with world_built_once(django_db_blocker) as ids:
        yield ids


@pytest.fixture(scope="module")
def sessions(people, django_db_blocker):
    with django_db_blocker.unblock():
        return signed_in_sessions(people)


@pytest.fixture
def shared_world(people, db):
    """The module's organisation, read afresh inside this test's savepoint."""
    return world_from_ids(people)
