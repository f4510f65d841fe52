"""A ladder's readiness thresholds have one set of defaults and one validation, which the
model, the YAML loader and the staff form share."""

import pytest

from promo.ladders import thresholds
from promo.ladders.forms import LadderForm
from promo.ladders.yaml_io import LadderFileError, _parse_readiness
from promo.models import Ladder
from promo.readiness.facts import Rule


def test_model_rule_and_yaml_start_from_the_same_defaults():
    ladder = Ladder(name="New", slug="new")
    assert Rule.for_ladder(ladder) == Rule()
    assert _parse_readiness(None) == {
        "quarters_needed": ladder.quarters_needed,
        "quarters_window": ladder.quarters_window,
        "needs_matured_impact": ladder.needs_matured_impact,
        "matured_impact_needed": ladder.matured_impact_needed,
        "overdue_checkins_allowed": ladder.overdue_checkins_allowed,
        "close_max_short": ladder.close_max_short,
        "checkin_offsets_days": list(ladder.checkin_offsets),
    }


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"quarters_needed": 0}, "quarters_needed"),
        ({"quarters_window": 13}, "quarters_window"),
        ({"quarters_window": True}, "quarters_window"),
        ({"quarters_needed": 4, "quarters_window": 3}, "quarters_needed"),
        ({"needs_matured_impact": "yes"}, "needs_matured_impact"),
        ({"checkin_offsets_days": [30, 731]}, "checkin_offsets_days"),
        ({"checkin_offsets_days": "30"}, "checkin_offsets_days"),
        ({"matured_impact_needed": 0}, "matured_impact_needed"),
        ({"overdue_checkins_allowed": -1}, "overdue_checkins_allowed"),
        ({"close_max_short": 13}, "close_max_short"),
        ({"close_max_short": "2"}, "close_max_short"),
    ],
)
def test_out_of_bounds_values_are_named_by_field(values, field):
    assert [name for name, _message in thresholds.problems(values)] == [field]


def test_good_values_have_no_problem():
    assert thresholds.problems(thresholds.defaults()) == []


@pytest.mark.django_db
def test_yaml_and_staff_form_refuse_with_the_same_words():
    with pytest.raises(LadderFileError) as refused:
        _parse_readiness({"quarters_needed": 5, "quarters_window": 4})
    assert refused.value.place == "readiness.quarters_needed"
    form = LadderForm(
        data={"name": "Eng", "quarters_needed": 5, "quarters_window": 4, "checkin_offsets_days": ""}
    )
    assert not form.is_valid()
    assert form.errors["quarters_needed"] == [thresholds.NEEDED_WITHIN_WINDOW_MESSAGE]
    assert str(refused.value).endswith(thresholds.NEEDED_WITHIN_WINDOW_MESSAGE)
