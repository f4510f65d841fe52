"""The latest mentor call in readiness: weighed for whoever may read it, hidden from others."""

import re

from django.urls import reverse

from promo.dashboards.snapshots import snapshot_refresh
from promo.readiness.queries import readiness_for
from reviews import services
from tests.reviews.factories import criteria_of, shared_round


def _not_yet_on_first_criterion(world, *, include_manager):
    review_round = shared_round(world, include_manager=include_manager)
    criterion = criteria_of(world.owner)[0]
    services.verdict_give(
        review_round=review_round,
        reviewer=world.mentor,
        criterion=criterion,
        value="not_yet",
        note="One quarter is not a pattern.",
    )
    return criterion, review_round


def _row(result, criterion):
    return next(row for row in result.criteria if row.criterion.id == criterion.id)


def test_a_not_yet_in_a_round_with_the_manager_holds_the_criterion_on_my_team(client, world):
    criterion, _ = _not_yet_on_first_criterion(world, include_manager=True)
    snapshot = snapshot_refresh(person_id=world.owner.pk)
    cell = next(cell for cell in snapshot.cells if cell["name"] == criterion.name)
    assert cell["mentor"] == "Not yet" and "mentor said Not yet" in cell["short"]
    client.force_login(world.manager)
    rows = client.get(reverse("team")).content.decode()
    assert re.search(r'href="#mk-[01]*-\d+-\d+-\d+-n"', rows), "a cell drawn with Not yet"
    position = snapshot.cells.index(cell) + 1
    why = client.get(reverse("team_why_criterion", args=[world.owner.pk, position]))
    assert "mentor: Not yet" in why.content.decode()


def test_a_not_yet_outside_the_managers_rounds_holds_it_only_for_those_who_read_it(world):
    criterion, _ = _not_yet_on_first_criterion(world, include_manager=False)
    for_owner = _row(readiness_for(world.owner, viewer=world.owner), criterion)
    assert for_owner.mentor_call.label == "Not yet"
    assert "mentor said Not yet" in for_owner.short
    for_manager = _row(readiness_for(world.owner, viewer=world.manager), criterion)
    assert for_manager.mentor_call is None
    snapshot = snapshot_refresh(person_id=world.owner.pk)
    cell = next(cell for cell in snapshot.cells if cell["name"] == criterion.name)
    assert cell["mentor"] == "" and cell["verdicts"] == ["a mentor gave a verdict"]


def test_a_new_round_replaces_the_call(world):
    criterion, first = _not_yet_on_first_criterion(world, include_manager=True)
    services.round_close(review_round=first, by=world.owner)
    second = shared_round(world, include_manager=True, document=first.document)
    services.verdict_give(
        review_round=second, reviewer=world.mentor, criterion=criterion, value="next_level"
    )
    row = _row(readiness_for(world.owner, viewer=world.owner), criterion)
    assert row.mentor_call.label == "Next level" and "mentor said Not yet" not in row.short
