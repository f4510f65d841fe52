"""The database renews a person's FactsVersion token whenever a row their readiness is drawn
from changes, however it was written (migration 0032): each test writes with bare SQL,
which no service sees."""

from datetime import date

import pytest
from django.db import connection

from evidence.models import Artifact
from promo.models import FactsVersion, Gap, ImpactCheckIn
from promo.readiness.checkins.services import checkins_plan_for
from tests.conftest import require
from tests.promo.readiness.helpers import artifact
from tests.reviews.factories import criteria_of, shared_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    require(connection.vendor == "postgresql", "the triggers are PostgreSQL's")


def _tokens(*people):
    found = dict(
        FactsVersion.objects.filter(person_id__in=[p.pk for p in people]).values_list(
            "person_id", "token"
        )
    )
    return [found.get(p.pk) for p in people]


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _renews(world, statement, params=()):
    """Whether `statement` renews the owner's token and leaves the other engineer's."""
    before = _tokens(world.owner, world.other_engineer)
    _sql(statement, params)
    after = _tokens(world.owner, world.other_engineer)
    return after[0] is not None and after[0] != before[0] and after[1] == before[1]


def test_evidence_inserted_updated_and_deleted_renews_its_owners_token(world):
    item = artifact(world.owner, date(2026, 3, 2))
    artifact(world.other_engineer, date(2026, 3, 2))
    assert _renews(
        world, "UPDATE evidence_artifact SET title = 'Retitled' WHERE id = %s", [item.pk]
    )
    assert _renews(
        world,
        "INSERT INTO evidence_artifact (owner_id, title, happened_on, shipped_on, is_draft,"
        " version, created_at, updated_at, visibility, kind, body, impact, metrics,"
        " metric_before, metric_after)"
        " SELECT owner_id, 'Copied', happened_on, shipped_on, is_draft, 1, created_at,"
        " updated_at, visibility, kind, body, impact, metrics, metric_before, metric_after"
        " FROM evidence_artifact WHERE id = %s",
        [item.pk],
    )
    assert _renews(world, "DELETE FROM evidence_artifact WHERE title = 'Copied'")


def test_a_tag_or_a_check_in_renews_the_token_of_its_artifacts_owner(world):
    criterion = criteria_of(world.owner)[0]
    item = artifact(world.owner, date(2026, 3, 2), tags={criterion.slug: "strong"})
    assert _renews(
        world,
        "UPDATE evidence_artifacttag SET strength = 'signal' WHERE artifact_id = %s",
        [item.pk],
    )
    assert _renews(world, "DELETE FROM evidence_artifacttag WHERE artifact_id = %s", [item.pk])
    shipped = artifact(world.owner, date(2026, 3, 2), shipped_on=date(2026, 3, 2))
    checkins_plan_for(shipped)
    checkin = ImpactCheckIn.objects.filter(artifact=shipped).first()
    assert checkin is not None
    assert _renews(
        world,
        "UPDATE promo_impactcheckin SET snoozed_until = %s WHERE id = %s",
        [date(2026, 6, 1), checkin.pk],
    )


def test_a_case_its_gaps_rounds_reviewers_and_verdicts_renew_the_engineers_token(world):
    review_round = shared_round(world)
    document = review_round.document
    assert _renews(
        world, "UPDATE promo_candidacy SET status = status WHERE id = %s", [document.candidacy_id]
    )
    assert _renews(
        world, "UPDATE reviews_promodocument SET draft = draft WHERE id = %s", [document.pk]
    )
    assert _renews(
        world,
        "UPDATE reviews_reviewround SET includes_manager = true WHERE id = %s",
        [review_round.pk],
    )
    assert _renews(
        world,
        "INSERT INTO reviews_reviewround_reviewers (reviewround_id, user_id) VALUES (%s, %s)",
        [review_round.pk, world.unassigned_mentor.pk],
    )
    criterion = criteria_of(world.owner)[0]
    assert _renews(
        world,
        "INSERT INTO promo_gap (candidacy_id, criterion_id, text, closed_note, created_at)"
        " VALUES (%s, %s, 'Show reach', '', now())",
        [document.candidacy_id, criterion.pk],
    )
    assert Gap.objects.filter(candidacy_id=document.candidacy_id).exists()
    assert _renews(
        world,
        "INSERT INTO reviews_verdict (round_id, reviewer_id, criterion_id, value, note, given_at)"
        " VALUES (%s, %s, %s, 'meets', '', now())",
        [review_round.pk, world.mentor.pk, criterion.pk],
    )


def test_one_statement_over_two_people_renews_both_and_no_one_else(world):
    artifact(world.owner, date(2026, 3, 2))
    artifact(world.other_engineer, date(2026, 3, 2))
    artifact(world.manager, date(2026, 3, 2))
    before = _tokens(world.owner, world.other_engineer, world.manager)
    _sql(
        "UPDATE evidence_artifact SET title = title || '!' WHERE owner_id IN (%s, %s)",
        [world.owner.pk, world.other_engineer.pk],
    )
    after = _tokens(world.owner, world.other_engineer, world.manager)
    assert after[0] != before[0] and after[1] != before[1]
    assert after[2] == before[2]
    assert Artifact.objects.filter(title__endswith="!").count() == 2


def test_a_truncate_renews_everyone(world):
    artifact(world.owner, date(2026, 3, 2), tags={criteria_of(world.owner)[0].slug: "strong"})
    before = _tokens(world.owner, world.other_engineer)
    _sql("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign-key check may wait: TRUNCATE refuses
    _sql("TRUNCATE evidence_artifacttag")
    after = _tokens(world.owner, world.other_engineer)
    assert None not in after
    assert after[0] != before[0] and after[1] != before[1]
