"""A criterion's `needs_confirmation` and `min_confirming_teams`: the shipped ladder marks
leverage, YAML carries them both ways, and the staff editor checks them as the loader does."""

import pytest
import yaml
from django.urls import reverse

from promo.demo.steps import DEFAULT_LADDER_FILE, ensure_default_ladder
from promo.ladders.services import ladder_load
from promo.ladders.yaml_io import LadderFileError, export_ladder, parse_ladder_document
from promo.models import Criterion, LadderChange
from tests.promo.test_staff_ladders import _criterion_form

SHIPPED = DEFAULT_LADDER_FILE.read_text(encoding="utf-8")


def _criterion(document, slug):
    return next(c for c in document["criteria"] if c["slug"] == slug)


def test_the_shipped_ladder_marks_leverage_only(db):
    ladder = ensure_default_ladder()
    marked = dict(
        ladder.criteria.filter(needs_confirmation=True).values_list("slug", "min_confirming_teams")
    )
    assert marked == {"leverage": 1}


def test_the_settings_round_trip_through_yaml(db):
    document = yaml.safe_load(SHIPPED)
    _criterion(document, "leverage")["min_confirming_teams"] = 3
    _criterion(document, "vision").update(needs_confirmation=True)
    ladder = ladder_load(spec=parse_ladder_document(yaml.safe_dump(document, sort_keys=False)))
    exported = yaml.safe_load(export_ladder(ladder))
    assert _criterion(exported, "leverage")["min_confirming_teams"] == 3
    assert _criterion(exported, "vision")["needs_confirmation"] is True
    assert _criterion(exported, "vision")["min_confirming_teams"] == 1
    assert "needs_confirmation" not in _criterion(exported, "scope"), "defaults stay quiet"
    ladder_load(spec=parse_ladder_document(export_ladder(ladder)))
    assert yaml.safe_load(export_ladder(ladder)) == exported


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("min_confirming_teams", 0, "A whole number of teams from 1 to 20."),
        ("min_confirming_teams", "two", "A whole number of teams from 1 to 20."),
        ("needs_confirmation", "yes please", "Expected true or false."),
        ("needs_confirmation", None, "expected a value"),
    ],
)
def test_bad_settings_name_the_criterion_and_the_key(key, value, message):
    document = yaml.safe_load(SHIPPED)
    _criterion(document, "leverage")[key] = value
    with pytest.raises(LadderFileError, match=message) as error:
        parse_ladder_document(yaml.safe_dump(document, sort_keys=False))
    assert error.value.place == f"criterion 'leverage'.{key}"


def test_staff_mark_a_criterion_with_history(client, world):
    vision = world.owner.ladder.criteria.get(slug="vision")
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_criterion_edit", args=[vision.pk]),
        _criterion_form(vision, needs_confirmation="on", min_confirming_teams=2),
    )
    assert response.status_code == 302
    vision.refresh_from_db()
    assert vision.needs_confirmation and vision.min_confirming_teams == 2
    summary = LadderChange.objects.exclude(changed_by=None).get().summary
    assert "needs confirmation from other teams no → yes" in summary
    assert "confirming teams needed “1” → “2”" in summary
    page = client.get(reverse("staff_ladder_edit", args=[vision.ladder_id])).content.decode()
    assert "needs 2 other teams to confirm" in page


def test_a_bad_number_of_teams_is_explained_with_the_typing_kept(client, world):
    vision = world.owner.ladder.criteria.get(slug="vision")
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_criterion_edit", args=[vision.pk]),
        _criterion_form(vision, name="Vision, renamed", min_confirming_teams=0),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "A whole number of teams from 1 to 20." in page
    assert 'value="Vision, renamed"' in page
    assert Criterion.objects.get(pk=vision.pk).name == "Long-term vision"
