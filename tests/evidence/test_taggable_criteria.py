"""taggable_criteria asks for the target's ladder inside the criteria's query; it must
answer exactly what target_level_for's level's ladder gives, in every state a person's
case and level can be in."""

import pytest

from evidence.services import taggable_criteria
from promo.candidacies.targets import target_level_for
from promo.models import Candidacy, Criterion, Ladder, Level


def _expected(person):
    target = target_level_for(person)
    if target is None:
        return set()
    return set(Criterion.objects.filter(ladder_id=target.ladder_id))


def _open_case(person, target, status=Candidacy.Status.PREPARING):
    return Candidacy.objects.create(
        person=person,
        ladder=target.ladder,
        from_level=person.level,
        target_level=target,
        status=status,
    )


def _other_ladder():
    ladder = Ladder.objects.create(name="Management")
    Level.objects.create(ladder=ladder, code="M1", title="Manager", position=1)
    top = Level.objects.create(ladder=ladder, code="M2", title="Senior manager", position=2)
    Criterion.objects.create(ladder=ladder, slug="people", name="Grows people", position=1)
    return top


def _no_case(world):
    return world.owner


def _an_open_case_on_another_ladder(world):
    _open_case(world.owner, _other_ladder())
    return world.owner


def _a_submitted_case(world):
    _open_case(world.owner, _other_ladder(), status=Candidacy.Status.SUBMITTED)
    return world.owner


def _only_a_closed_case(world):
    case = _open_case(world.owner, _other_ladder())
    Candidacy.objects.filter(pk=case.pk).update(status=Candidacy.Status.NOT_YET)
    return world.owner


def _at_the_top_of_their_ladder(world):
    person = world.owner
    person.level = person.ladder.levels.order_by("-position").first()
    person.save(update_fields=["level"])
    return person


def _with_no_level(world):
    person = world.owner
    person.level = None
    person.save(update_fields=["level"])
    return person


def _with_no_level_but_an_open_case(world):
    _open_case(world.owner, _other_ladder())  # a case starts from a level; then it is cleared
    return _with_no_level(world)


@pytest.mark.parametrize(
    "state",
    [
        _no_case,
        _an_open_case_on_another_ladder,
        _a_submitted_case,
        _only_a_closed_case,
        _at_the_top_of_their_ladder,
        _with_no_level,
        _with_no_level_but_an_open_case,
    ],
)
def test_it_gives_exactly_the_criteria_of_the_target_levels_ladder(world, state):
    person = state(world)
    assert set(taggable_criteria(person)) == _expected(person)
