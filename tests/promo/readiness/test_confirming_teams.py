"""Which confirmations count towards other-team adoption, read from the database: teams
other than the owner's, nobody from the owner's management chain, "my team adopted it"
ticked, not withdrawn; the organisation as it is now. Constant queries whatever their
number, and an answer asks for the owner's snapshot refresh."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from promo.attestations.services import attestation_answer, attestation_withdraw
from promo.models import Team
from promo.readiness.queries import readiness_for
from promo.web.readiness_changed import _handlers, on_readiness_changed
from tests.attestations.helpers import ask
from tests.factories import UserFactory, engineer
from tests.promo.readiness.helpers import artifact

NOW = datetime(2026, 3, 15, 12, tzinfo=UTC)


@pytest.fixture
def cited(world):
    """Strong leverage evidence in three quarters, no matured impact asked; the first
    artifact lists two adopting teams. Returns that first artifact."""
    ladder = world.owner.ladder
    ladder.needs_matured_impact = False
    ladder.save(update_fields=["needs_matured_impact"])
    first = artifact(world.owner, date(2025, 5, 5), tags={"leverage": "strong"})
    first.teams_adopted.set([Team.objects.create(name="Ads"), Team.objects.create(name="Maps")])
    for day in (date(2025, 8, 5), date(2025, 11, 5)):
        artifact(world.owner, day, tags={"leverage": "strong"})
    return first


def leverage(person):
    result = readiness_for(person, now=NOW)
    return next(r for r in result.criteria if r.criterion.slug == "leverage")


def confirm(attestation, *, adopted=True, statement="We use it"):
    return attestation_answer(
        attestation=attestation,
        confirmed=True,
        statement=statement,
        adopted=adopted,
        by=attestation.attester,
    )


def test_a_colleague_on_another_team_shows_it(world, cited):
    before = leverage(world.owner)
    assert not before.shown and "1 other team confirmed adoption" in before.short[0]
    assert "adopted by 2 teams, 0 confirmed" in before.sentence
    [asked] = ask(cited, world.other_engineer)
    confirm(asked)
    after = leverage(world.owner)
    assert after.shown and "adopted by 2 teams, 1 confirmed" in after.sentence


def test_teammates_and_managers_confirm_but_never_count(world, cited):
    platform = Team.objects.create(name="Platform")
    world.director.team = platform  # another team, but above the owner
    world.director.save(update_fields=["team"])
    teammate = engineer(team=world.owner.team, manager=world.manager)
    for asked in ask(cited, world.manager, world.director, teammate):
        confirm(asked)
    row = leverage(world.owner)
    assert row.adoption.confirmed == 0 and not row.shown


def test_without_adoption_or_withdrawn_it_does_not_count(world, cited):
    search_colleague = engineer(team=world.other_engineer.team)
    first, second = ask(cited, world.other_engineer, search_colleague)
    confirm(first, adopted=False)
    confirm(second)
    assert leverage(world.owner).adoption.confirmed == 1
    attestation_withdraw(attestation=second, by=search_colleague)
    assert leverage(world.owner).adoption.confirmed == 0


def test_two_people_of_one_team_count_once_and_min_confirming_teams_holds(world, cited):
    criterion = world.owner.ladder.criteria.get(slug="leverage")
    criterion.min_confirming_teams = 2
    criterion.save(update_fields=["min_confirming_teams"])
    third = engineer(team=Team.objects.create(name="Infra"))
    for asked in ask(cited, world.other_engineer, engineer(team=world.other_engineer.team)):
        confirm(asked)
    assert not leverage(world.owner).shown
    confirm(ask(cited, third)[0])
    row = leverage(world.owner)
    assert row.shown and row.adoption.confirmed == 2


def test_the_team_counted_is_the_colleagues_team_now(world, cited):
    confirm(ask(cited, world.other_engineer)[0])
    assert leverage(world.owner).shown
    world.other_engineer.team = world.owner.team  # moved into the owner's team
    world.other_engineer.save(update_fields=["team"])
    assert not leverage(world.owner).shown
    world.other_engineer.team = None
    world.other_engineer.save(update_fields=["team"])
    assert not leverage(world.owner).shown, "no team, no team to count"


def test_a_confirmation_on_evidence_the_reader_cannot_see_does_not_count(world, cited):
    from evidence.access import artifacts_visible_to
    from evidence.models import Artifact

    confirm(ask(cited, world.other_engineer)[0])
    Artifact.objects.filter(pk=cited.pk).update(visibility=Artifact.Visibility.PRIVATE)
    seen = artifacts_visible_to(world.manager, world.owner)
    result = readiness_for(world.owner, artifacts=seen, now=NOW)
    row = next(r for r in result.criteria if r.criterion.slug == "leverage")
    assert row.adoption.confirmed == 0


def test_queries_are_the_same_with_1_and_12_confirmations(world, cited):
    counts = []
    for people in (1, 11):
        for person in UserFactory.create_batch(people):
            person.team = Team.objects.create(name=f"Team of {person.email}")
            person.save(update_fields=["team"])
            confirm(ask(cited, person)[0])
        owner = type(world.owner).objects.get(pk=world.owner.pk)
        with CaptureQueriesContext(connection) as queries:
            row = leverage(owner)
        counts.append(len(queries))
    assert row.adoption.confirmed == 12
    assert counts[0] == counts[1], queries.captured_queries


def test_an_answer_or_a_withdrawal_asks_for_the_owners_refresh(
    world, cited, django_capture_on_commit_callbacks
):
    heard = []
    handler = on_readiness_changed(heard.append)
    try:
        [asked] = ask(cited, world.other_engineer)
        heard.clear()
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            confirm(asked)
        assert heard == [{world.owner.pk}]
        heard.clear()
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            attestation_withdraw(attestation=asked, by=world.other_engineer)
        assert heard == [{world.owner.pk}]
    finally:
        _handlers.remove(handler)
