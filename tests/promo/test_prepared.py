"""Statements PostgreSQL plans once per connection (promo.web.prepared)."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from promo.models import User
from promo.web.prepared import FLAG, prepared_cursor
from tests.conftest import require
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

_STATEMENT = "SELECT %s + 41 AS promo_prepared_probe"


def _answer(value):
    with prepared_cursor() as cursor:
        cursor.execute(_STATEMENT, [value])
        return cursor.fetchone()[0]


def _times_prepared():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%promo_prepared_probe%"],
        )
        return cursor.fetchone()[0]


def test_it_prepares_a_statement_once_per_connection():
    require(connection.vendor == "postgresql", "prepared statements are PostgreSQL's")
    assert [_answer(1), _answer(2), _answer(3)] == [42, 43, 44]
    assert _times_prepared() == 1


def test_it_prepares_nothing_when_turned_off(monkeypatch):
    require(connection.vendor == "postgresql", "prepared statements are PostgreSQL's")
    monkeypatch.setitem(connection.settings_dict, FLAG, False)
    assert [_answer(1), _answer(2)] == [42, 43]
    assert _times_prepared() == 0


def test_it_answers_on_every_database():
    assert _answer(1) == 42


def test_it_logs_the_statement_with_its_values():
    with CaptureQueriesContext(connection) as queries:
        _answer(1001)
    assert len(queries) == 1
    assert "1001" in queries[0]["sql"] and "promo_prepared_probe" in queries[0]["sql"]


def test_it_reads_dates_as_the_orm_does():
    require(connection.vendor == "postgresql", "SQLite's raw cursors read text, not dates")
    person = UserFactory(last_login=timezone.now())
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT last_login FROM {User._meta.db_table} WHERE id = %s", [person.pk])
        (read,) = cursor.fetchone()
    assert read == User.objects.get(pk=person.pk).last_login
    assert read.utcoffset() is not None


def test_a_failed_statement_leaves_the_prepared_one_working():
    require(connection.vendor == "postgresql", "prepared statements are PostgreSQL's")
    assert _answer(1) == 42
    statement = "SELECT 1 / %s::int AS promo_prepared_probe"
    with pytest.raises(DataError), transaction.atomic(), prepared_cursor() as cursor:
        cursor.execute(statement, [0])
    with prepared_cursor() as cursor:
        cursor.execute(statement, [1])
        assert cursor.fetchone()[0] == 1
    assert _answer(2) == 43
