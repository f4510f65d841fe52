"""The readiness section is drawn once and cached: every change shows at once, and one
viewer's section is never another's."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import ArtifactTag
from evidence.services import artifact_tag
from promo.ladders.services import criterion_save
from promo.models import FactsVersion
from promo.readiness.checkins.services import checkins_plan_for
from reviews.models import ReviewRound
from reviews.services import verdict_give
from tests.conftest import require
from tests.promo.readiness.helpers import artifact, candidacy, record
from tests.reviews.factories import shared_round

RECENT = date.today() - timedelta(days=3)
NO_CALL = "Latest round's call</dt><dd>none yet"


def _page(client, name="readiness", *args):
    return client.get(reverse(name, args=args)).content.decode()


def _section(page):
    return page[page.index('<section class="readiness"') : page.index("</main>")]


def test_a_second_view_reads_the_section_from_the_cache(client, world):
    # On SQLite, the zero-setup database, the section is drawn on every view.
    require(connection.vendor == "postgresql", "the section's version statement is PostgreSQL's")
    artifact(world.owner, RECENT, tags={"vision": "strong"})
    client.force_login(world.owner)
    first = _page(client, "readiness")
    with CaptureQueriesContext(connection) as queries:
        second = _page(client, "readiness")
    assert _section(second) == _section(first)
    assert not [
        q for q in queries if "evidence_artifacttag" in q["sql"] and "count" not in q["sql"]
    ]


def test_a_tag_added_through_the_service_shows_at_once(client, world):
    item = artifact(world.owner, RECENT, tags={"vision": "strong"})
    client.force_login(world.owner)
    assert "1 exemplary, 0 strong, 0 signal" not in _page(client)  # scope has nothing yet
    scope = world.owner.ladder.criteria.get(slug="scope")
    artifact_tag(artifact=item, criterion=scope, strength="exemplary")
    renewed = FactsVersion.objects.filter(person_id=world.owner.pk).exists()
    assert renewed == (connection.vendor == "postgresql")  # only PostgreSQL caches the section
    assert "1 exemplary, 0 strong, 0 signal" in _page(client)


def test_an_expectation_rewritten_by_staff_shows_at_once(client, world):
    case = candidacy(world.owner)
    client.force_login(world.owner)
    assert "Sets the direction for payments" not in _page(client)
    vision = world.owner.ladder.criteria.get(slug="vision")
    criterion_save(
        ladder=world.owner.ladder,
        by=world.staff,
        criterion=vision,
        values={},
        expectations={case.target_level: "Sets the direction for payments"},
    )
    assert "Sets the direction for payments" in _page(client)


def test_rows_written_without_a_service_change_the_section_too(client, world):
    shipped = date.today() - timedelta(days=120)
    item = artifact(world.owner, shipped, tags={"vision": "strong"}, shipped_on=shipped)
    checkins_plan_for(item)
    client.force_login(world.owner)
    assert "0 of 1 matured" in _page(client)
    record(item.checkins.get(offset_days=30), shipped + timedelta(days=40))  # a bare save
    assert "1 of 1 matured" in _page(client)
    artifact(world.owner, RECENT, tags={"vision": "exemplary"})  # a bare insert
    assert "1 exemplary, 1 strong, 0 signal" in _page(client)
    ArtifactTag.objects.filter(artifact=item).update(strength="signal")  # a bare re-rating
    assert "1 exemplary, 0 strong, 1 signal" in _page(client)


def test_the_owner_and_the_manager_each_see_their_own_section(client, world):
    artifact(world.owner, RECENT, tags={"scope": "strong"}, visibility="private")
    client.force_login(world.owner)
    mine = _page(client)
    assert "0 exemplary, 1 strong, 0 signal" in mine and "Impact check-ins due" in mine
    client.force_login(world.manager)
    theirs = _page(client, "person_readiness", world.owner.pk)
    assert "0 exemplary, 0 strong, 0 signal" in theirs and "Impact check-ins due" not in theirs
    assert "Counted from the evidence Olive Owner shares with you" in theirs
    client.force_login(world.owner)
    assert "0 exemplary, 1 strong, 0 signal" in _page(client)


def test_a_round_opened_to_the_manager_shows_them_its_verdicts_at_once(client, world):
    review_round = shared_round(world)  # the mentor only
    criterion = world.owner.ladder.criteria.order_by("position").first()
    verdict_give(
        review_round=review_round, reviewer=world.mentor, criterion=criterion, value="not_yet"
    )
    client.force_login(world.manager)
    calls_unseen = _page(client, "person_readiness", world.owner.pk).count(NO_CALL)
    ReviewRound.objects.filter(pk=review_round.pk).update(includes_manager=True)  # a bare write
    assert _page(client, "person_readiness", world.owner.pk).count(NO_CALL) == calls_unseen - 1


@pytest.mark.parametrize("artifacts", [1, 20])
def test_a_cached_view_costs_the_same_few_queries_however_much_evidence(
    client, world, artifacts, django_assert_num_queries
):
    require(connection.vendor == "postgresql", "the section's version statement is PostgreSQL's")
    candidacy(world.owner)
    for day in range(artifacts):
        artifact(world.owner, RECENT - timedelta(days=day), tags={"vision": "strong"})
    client.force_login(world.owner)
    _page(client)
    # Session, user, navigation; the facts' version; the pulse. The section, and whether
    # there is a level to ask colleagues about, come from the cache.
    with django_assert_num_queries(5):
        page = _page(client)
    assert "Ask senior colleagues" in page
