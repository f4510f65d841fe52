"""Rows read through statements compiled once (promo.web.lookups)."""

from datetime import date

import pytest
from django.db.models.functions import Length
from django.utils import timezone

from promo.models import User
from promo.web.lookups import (
    CompiledQuery,
    CompiledSQL,
    RowLookup,
    columns_of,
    instance_by,
    instance_by_pk,
    instances_from,
)
from promo.web.prepared import prepared_cursor
from reviews.access import ROUND_RELATED, VERSION_RELATED
from reviews.models import DocumentVersion, ReviewRound
from tests.reviews.factories import shared_round

pytestmark = pytest.mark.django_db


def test_it_reads_what_select_related_reads(world, django_assert_num_queries):
    review_round = shared_round(world)
    expected = ReviewRound.objects.select_related(*ROUND_RELATED).get(pk=review_round.pk)

    with django_assert_num_queries(1):
        found = instance_by_pk(ReviewRound, review_round.pk, ROUND_RELATED)
        person = found.document.candidacy.person
        assert person.manager == world.manager
        assert found.document.candidacy.target_level == expected.document.candidacy.target_level
        assert found.version.sections == expected.version.sections

    assert vars(found).keys() == vars(expected).keys()
    for name in vars(expected):
        if name != "_state":
            assert getattr(found, name) == getattr(expected, name), name
    assert found.opened_at.tzinfo is not None
    assert found._state.adding is False
    assert found._state.db == "default"


def test_it_leaves_an_empty_relation_empty(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        director = instance_by_pk(User, world.director.pk, ("manager", "team"))
        assert director.manager is None
        assert director.team is None
    assert director == world.director


def test_it_gives_none_for_a_missing_key(world):
    assert instance_by_pk(User, 10**9, ("manager",)) is None


def test_it_reads_the_row_as_it_is_now(world):
    lookup = RowLookup(User, ("pk",), ("manager",))
    assert lookup(world.owner.pk).display_name == "Olive Owner"

    User.objects.filter(pk=world.owner.pk).update(
        display_name="Olive Renamed", manager=world.other_manager, last_login=timezone.now()
    )

    again = lookup(world.owner.pk)
    assert again.display_name == "Olive Renamed"
    assert again.manager == world.other_manager
    assert again.last_login is not None


def test_it_takes_the_key_as_the_url_gave_it(world):
    assert instance_by_pk(User, str(world.owner.pk)) == world.owner
    with pytest.raises(ValueError):
        instance_by_pk(User, "not-a-number")


def test_it_finds_a_row_by_a_key_of_several_fields(world, django_assert_num_queries):
    review_round = shared_round(world)
    version = review_round.version

    with django_assert_num_queries(1):
        found = instance_by(
            DocumentVersion, VERSION_RELATED, document_id=version.document_id, number=version.number
        )
        assert found.document.candidacy.person == world.owner
    assert found == version
    assert found.sections == version.sections
    assert instance_by(DocumentVersion, document_id=version.document_id, number=99) is None


def _people_below(manager, joined_after):
    return (
        User.objects.filter(manager_id=manager, date_joined__date__gte=joined_after)
        .select_related("team")
        .annotate(name_length=Length("display_name"))
        .order_by("display_name")
    )


_PEOPLE_BELOW = CompiledQuery(_people_below)


def test_a_compiled_query_reads_what_its_queryset_reads(world, django_assert_num_queries):
    long_ago = date(2000, 1, 1)
    expected = list(_people_below(world.director.pk, long_ago))
    assert len(expected) >= 2

    with django_assert_num_queries(1):
        found = _PEOPLE_BELOW(manager=world.director.pk, joined_after=long_ago)
        assert [p.team for p in found] == [p.team for p in expected]
    assert found == expected
    assert [p.name_length for p in found] == [len(p.display_name) for p in expected]
    assert _PEOPLE_BELOW(manager=world.director.pk, joined_after=date(2999, 1, 1)) == []
    assert _PEOPLE_BELOW(manager=world.other_manager.pk, joined_after=long_ago) == list(
        _people_below(world.other_manager.pk, long_ago)
    )


def test_a_compiled_query_reads_rows_written_since(world):
    long_ago = date(2000, 1, 1)
    before = _PEOPLE_BELOW(manager=world.other_manager.pk, joined_after=long_ago)
    User.objects.filter(pk=world.owner.pk).update(manager=world.other_manager)
    after = _PEOPLE_BELOW(manager=world.other_manager.pk, joined_after=long_ago)
    assert world.owner not in before and world.owner in after


_PEOPLE_BELOW_IDS = CompiledSQL(
    lambda manager, joined_after: _people_below(manager, joined_after).values("id")
)


def _ids_in(sql, params):
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT id FROM {User._meta.db_table} WHERE id IN ({sql})", params)  # noqa: S608
        return sorted(row[0] for row in cursor.fetchall())


def test_compiled_sql_selects_what_its_queryset_selects(world, django_assert_num_queries):
    long_ago = date(2000, 1, 1)
    for manager in (world.director, world.other_manager):
        expected = sorted(p.pk for p in _people_below(manager.pk, long_ago))
        with django_assert_num_queries(0):
            sql, params = _PEOPLE_BELOW_IDS(manager=manager.pk, joined_after=long_ago)
        assert _ids_in(sql, params) == expected
    assert len(expected) >= 1
    assert (
        _ids_in(*_PEOPLE_BELOW_IDS(manager=world.director.pk, joined_after=date(2999, 1, 1))) == []
    )


def test_a_compiled_query_refuses_values_it_cannot_place(world):
    with pytest.raises(TypeError, match="integers, dates, strings and lists"):
        CompiledQuery(lambda flag: User.objects.filter(is_active=flag))(flag=1.5)


def test_instances_from_raw_rows_read_as_the_orm_reads(world):
    User.objects.filter(pk=world.owner.pk).update(last_login=timezone.now())
    expected = User.objects.get(pk=world.owner.pk)
    with prepared_cursor() as cursor:
        cursor.execute(
            f"SELECT {columns_of(User, 'u')}, 7 FROM {User._meta.db_table} u WHERE u.id = %s",
            [world.owner.pk],
        )
        rows = cursor.fetchall()

    (found,) = instances_from(User, rows)

    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.is_active is True and found.last_login.utcoffset() is not None


def _reports_values(manager, *, flat=False):
    reports = User.objects.filter(manager_id=manager).order_by("pk")
    if flat:
        return reports.values_list("display_name", flat=True)
    return reports.values_list("pk", "manager__display_name", "team__name", "date_joined")


def test_a_compiled_query_reads_values_list_rows(world):
    rows = CompiledQuery(_reports_values)(manager=world.director.pk)
    assert rows == list(_reports_values(world.director.pk)) and len(rows) >= 2
    assert rows[0][3].utcoffset() is not None
    names = CompiledQuery(lambda manager: _reports_values(manager, flat=True))
    assert names(manager=world.director.pk) == list(_reports_values(world.director.pk, flat=True))


def test_a_key_no_column_can_hold_finds_nothing(world):
    assert instance_by_pk(User, 10**30) is None
    assert instance_by_pk(User, -(10**30), ("manager",)) is None
