"""Brag-doc import's services on the real database: dates in the person's own time zone,
each win imported once, even from two imports at the same moment."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from evidence.models import Artifact
from evidence.services import artifact_purge_expired, artifact_trash
from promo.integrations.bragdoc.services import bragdoc_import, bragdoc_read
from promo.models import ImportedWin
from tests.conftest import require

# 23:30 on 30 June in UTC is already 1 July in London, where the owner lives.
LATE_JUNE = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
DOC = "- Undated win #cross\n- Fixed the pager (Jul 1)\n- Shipped Y (Dec 24)\n"


def read_and_import_all(owner, text=DOC, now=LATE_JUNE):
    doc = bragdoc_read(owner=owner, text=text, now=now)
    return bragdoc_import(owner=owner, doc=doc, keys={w.key for w in doc.wins}, now=now)


def test_dates_follow_the_owners_own_today(world):
    undated, pager, december = read_and_import_all(world.owner)
    assert undated.happened_on == date(2026, 7, 1)  # London's today, not UTC's
    assert pager.happened_on == date(2026, 7, 1)
    assert december.happened_on == date(2025, 12, 24)  # the last 24 December, not the next
    assert not undated.is_draft and pager.is_draft


def test_the_same_win_next_day_is_still_the_same_win(world):
    read_and_import_all(world.owner)
    doc = bragdoc_read(owner=world.owner, text=DOC, now=LATE_JUNE + timedelta(days=1))
    assert [w.imported for w in doc.wins] == [True, True, True]


def test_a_trashed_win_stays_imported_and_a_purged_one_is_offered_again(world):
    first, *_ = read_and_import_all(world.owner)
    artifact_trash(artifact=first, by=world.owner)
    assert bragdoc_read(owner=world.owner, text=DOC, now=LATE_JUNE).wins[0].imported
    Artifact.all_objects.filter(pk=first.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    artifact_purge_expired()
    assert not bragdoc_read(owner=world.owner, text=DOC, now=LATE_JUNE).wins[0].imported


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_make_each_win_once(world):
    require(connection.vendor == "postgresql", "the row lock under test needs PostgreSQL")
    doc = bragdoc_read(owner=world.owner, text=DOC, now=LATE_JUNE)
    start, made, errors = threading.Barrier(2), [], []

    def run():
        try:
            start.wait(timeout=30)
            keys = {w.key for w in doc.wins}
            made.append(len(bragdoc_import(owner=world.owner, doc=doc, keys=keys, now=LATE_JUNE)))
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's error
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(made) == [0, 3]
    assert Artifact.objects.count() == ImportedWin.objects.count() == 3
