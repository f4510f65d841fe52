"""Shared fixtures: the personas every access test speaks of, and the CI rule that a
missing service is a failure, never a skip."""

import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

import pytest
from django.conf import settings
from django.core import serializers
from django.db import connection, transaction
from django.test import Client, override_settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from pytest_django.plugin import blocking_manager_key

from promo.celery import app as celery_app
from promo.demo.steps import ensure_default_ladder
from promo.models import User
from tests.broker import (
    break_broker,
    every_task_to_the_default_queue,
    restore_broker,
    set_routes,
)
from tests.factories import MentorAssignmentFactory, TeamFactory, UserFactory, engineer
from tests.scheduling import group_and_order

ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Every test process publishes to a Celery queue of its own, so parallel test processes, and
# messages an earlier run left in Redis, never reach this process's workers. Set before
# anything publishes: kombu remembers the queues it has declared.
celery_app.conf.task_default_queue = f"promo-test-{uuid.uuid4().hex[:12]}"
set_routes((every_task_to_the_default_queue,))


def require(condition, reason):
    """Skip on a developer machine without the service; fail on CI, where it must exist."""
    if condition:
        return
    if ON_CI:
        pytest.fail(f"CI must provide this, but: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # First: each xdist worker turns the xdist_group marks into node ids in its own hook,
    # registered after this conftest and so, without tryfirst, called before it.
    group_and_order(items)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # An expected failure is a skip too (report.skipped, with wasxfail): on CI neither may
    # hide a missing service or a known-broken part.
    if ON_CI and report.skipped:
        kind = "xfailed" if hasattr(report, "wasxfail") else "skipped"
        report.outcome = "failed"
        report.longrepr = f"{kind} on CI, which counts as a failure: {report.longrepr}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database holds the default ladder from the start, committed, so the tests
    that roll back see it without loading its YAML again (that load costs hundreds of
    queries, and almost every test's people stand on the ladder). The beat schedules the
    migrations wrote are kept, to be written again after a flush."""
    with django_db_blocker.unblock():
        ensure_default_ladder()
        _MIGRATED_SCHEDULES.append(_beat_schedules())
    yield
    with django_db_blocker.unblock():
        _close_other_sessions()


def _close_other_sessions():
    """End what tests' threads and child processes left connected to the test database,
    so dropping it does not wait out Django's retries and give up with a warning."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


_MIGRATED_SCHEDULES = []


def _beat_schedules():
    """The beat schedules in the database, serialised (their intervals first)."""
    rows = chain(IntervalSchedule.objects.all(), PeriodicTask.objects.all())
    return serializers.serialize("json", rows)


def _restore_what_a_flush_removed():
    """The default ladder and the migrations' beat schedules, as committed data."""
    ensure_default_ladder()
    for row in serializers.deserialize("json", _MIGRATED_SCHEDULES[0]):
        row.save()


def _flushes_the_database(item):
    """Whether the test ran as a TransactionTestCase, which empties every table after it."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # After the flush, the next test must find the ladder and the schedules again. After
    # the last test the session's fixtures, the test database among them, are gone already.
    if nextitem is not None and _flushes_the_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            _restore_what_a_flush_removed()


@dataclass
class World:
    """One small organisation with a person for every role an access rule speaks of."""

    director: object
    manager: object  # the owner's manager
    other_manager: object
    owner: object  # an engineer with a case
    other_engineer: object
    mentor: object  # assigned to the owner
    unassigned_mentor: object
    staff: object
    # Both sit on a promotion committee where the access tests need one (tests/access/
    # expectations_committees.py); the conflicted member is made the owner's mentor there.
    # Elsewhere both are engineers with no tie to anyone.
    committee_member: object
    conflicted_member: object

    def personas(self):
        return {
            "owner": self.owner,
            "other_engineer": self.other_engineer,
            "mentor": self.mentor,
            "unassigned_mentor": self.unassigned_mentor,
            "manager": self.manager,
            "other_manager": self.other_manager,
            "staff": self.staff,
            "committee_member": self.committee_member,
            "conflicted_member": self.conflicted_member,
        }


@pytest.fixture
def world(db):
    return build_world()


def build_world():
    """The `world` fixture's organisation, for fixtures that build it once per module."""
    payments, search = TeamFactory(name="Payments"), TeamFactory(name="Search")
    director = engineer("L8", display_name="Dana Director", email="dana@example.com")
    manager = engineer(
        "L7", display_name="Maya Manager", email="maya@example.com", team=payments, manager=director
    )
    other_manager = engineer(
        "L7",
        display_name="Otto Othermanager",
        email="otto@example.com",
        team=search,
        manager=director,
    )
    owner = engineer(
        "L5",
        display_name="Olive Owner",
        email="olive@example.com",
        team=payments,
        manager=manager,
        time_zone="Europe/London",
    )
    other_engineer = engineer(
        "L5",
        display_name="Ezra Engineer",
        email="ezra@example.com",
        team=search,
        manager=other_manager,
    )
    mentor = engineer("L7", display_name="Pia Principal", email="pia@example.com", manager=director)
    unassigned_mentor = engineer(
        "L7", display_name="Uma Unassigned", email="uma@example.com", manager=director
    )
    MentorAssignmentFactory(mentor=mentor, mentee=owner)
    MentorAssignmentFactory(mentor=unassigned_mentor, mentee=other_engineer)
    staff = UserFactory(display_name="Sam Staff", email="sam@example.com", is_staff=True)
    committee_member = engineer("L7", display_name="Cora Committee", email="cora@example.com")
    conflicted_member = engineer("L7", display_name="Carl Conflicted", email="carl@example.com")
    return World(
        director,
        manager,
        other_manager,
        owner,
        other_engineer,
        mentor,
        unassigned_mentor,
        staff,
        committee_member,
        conflicted_member,
    )


@contextmanager
def rolled_back_at_the_end(django_db_blocker):
    """One transaction around a module's or package's tests, rolled back when the block
    ends: what is built inside is shared and never committed. Each test's own transaction
    is a savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@contextmanager
def world_built_once(django_db_blocker):
    """Build the world once for a module-scoped fixture; yields the people's ids by role.
    Each test reads the people afresh with `world_from_ids`."""
    with rolled_back_at_the_end(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_world()
        yield {role: person.pk for role, person in vars(built).items()}


def signed_in_sessions(ids):
    """A session for each person of `ids` (role -> pk), made once where the world is built:
    a test then signs in by cookie (`sign_in_with`) instead of writing a session per
    request it makes."""
    sessions = {}
    for pk, person in User.objects.in_bulk(ids.values()).items():
        client = Client()
        client.force_login(person)
        sessions[pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {role: sessions[pk] for role, pk in ids.items()}


def sign_in_with(client, session_key):
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def world_from_ids(ids):
    by_pk = User.objects.in_bulk(ids.values())
    return World(**{role: by_pk[pk] for role, pk in ids.items()})


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # Hashing is deliberately slow; tests create many people, also in the worlds module
    # fixtures build before any test's own fixtures run.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(params=["refused", "black-holed"])
def broken_broker(request):
    """Publishing goes to a broker that refuses, then to one that never answers."""
    hole = break_broker(request.param)
    yield request.param
    restore_broker()
    if hole:
        hole.close()
