from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from promo.demo.steps import DEFAULT_LADDER_FILE, ensure_default_ladder
from promo.ladders.services import ladder_load
from promo.ladders.yaml_io import LadderFileError, parse_ladder_document
from promo.models import Criterion, Expectation, Ladder, LadderChange, Level
from tests.factories import candidacy_for

SHIPPED = DEFAULT_LADDER_FILE.read_text(encoding="utf-8")


def _export(slug="software-engineer"):
    out = StringIO()
    call_command("export_ladder", slug, stdout=out)
    return out.getvalue()


def _snapshot():
    """Every ladder row, ids included, so 'unchanged' means unchanged."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Ladder, Level, Criterion, Expectation)
    ]


def _load_text(tmp_path, text):
    path = tmp_path / "ladder.yaml"
    path.write_text(text, encoding="utf-8")
    call_command("load_ladder", str(path), stdout=StringIO())


def test_export_after_load_gives_the_same_document(db):
    ensure_default_ladder()
    exported = _export()
    assert yaml.safe_load(exported) == yaml.safe_load(SHIPPED)
    assert parse_ladder_document(exported) == parse_ladder_document(SHIPPED)
    ladder_load(spec=parse_ladder_document(exported))
    assert _export() == exported


def test_reloading_updates_in_place_and_keeps_ids(db, tmp_path):
    ensure_default_ladder()
    before = {
        "levels": dict(Level.objects.values_list("code", "pk")),
        "criteria": dict(Criterion.objects.values_list("slug", "pk")),
        "expectations": set(Expectation.objects.values_list("pk", flat=True)),
    }
    document = yaml.safe_load(SHIPPED)
    document["criteria"].reverse()
    document["criteria"][0]["name"] = "Growing other engineers"
    document["levels"][0]["title"] = "Engineer I"
    document["criteria"][0]["expectations"]["L6"] = "Grows two engineers to the next level."
    _load_text(tmp_path, yaml.safe_dump(document, sort_keys=False))
    assert dict(Level.objects.values_list("code", "pk")) == before["levels"]
    assert dict(Criterion.objects.values_list("slug", "pk")) == before["criteria"]
    assert set(Expectation.objects.values_list("pk", flat=True)) == before["expectations"]
    growing = Criterion.objects.get(slug="growing-others")
    assert growing.name == "Growing other engineers" and growing.position == 0
    assert growing.expectations.get(level__code="L6").text.startswith("Grows two")


def test_loading_twice_changes_nothing(db, tmp_path):
    _load_text(tmp_path, SHIPPED)
    snapshot = _snapshot()
    _load_text(tmp_path, SHIPPED)
    assert _snapshot() == snapshot
    summaries = list(LadderChange.objects.values_list("summary", flat=True))
    assert summaries == ["Created from a YAML file."]


def test_a_load_that_changes_the_ladder_is_in_its_history(db, tmp_path):
    _load_text(tmp_path, SHIPPED)
    _load_text(tmp_path, SHIPPED.replace("title: Principal Engineer", "title: Principal"))
    assert LadderChange.objects.first().summary == "Updated from a YAML file."


def _without_l6_expectation():
    document = yaml.safe_load(SHIPPED)
    del document["criteria"][2]["expectations"]["L6"]
    return yaml.safe_dump(document, sort_keys=False)


def _with(mutate):
    document = yaml.safe_load(SHIPPED)
    mutate(document)
    return yaml.safe_dump(document, sort_keys=False)


INVALID = {
    "bad YAML": ("name: [unclosed\n", "line 2, column 1: not valid YAML"),
    "not a mapping": ("- just\n- a list\n", "document: expected a mapping"),
    "unknown top key": (_with(lambda d: d.update(colour="blue")), "document: unknown key 'colour'"),
    "unknown level key": (
        _with(lambda d: d["levels"][1].update(rank=5)),
        "levels[2]: unknown key 'rank'",
    ),
    "unknown criterion key": (
        _with(lambda d: d["criteria"][0].update(weight=2)),
        "criteria[1]: unknown key 'weight'",
    ),
    "unknown readiness key": (
        _with(lambda d: d["readiness"].update(quarters=2)),
        "readiness: unknown key 'quarters'",
    ),
    "duplicate criterion": (
        _with(lambda d: d["criteria"].append(dict(d["criteria"][0]))),
        "criterion 'scope': duplicate criterion",
    ),
    "duplicate level": (
        _with(lambda d: d["levels"].append({"code": "L4", "title": "Again"})),
        "levels[6]: duplicate level code 'L4'",
    ),
    "level missing an expectation": (
        _without_l6_expectation(),
        "criterion 'better-than-found'.expectations: level 'L6' has no expectation",
    ),
    "expectation for an unknown level": (
        _with(lambda d: d["criteria"][1]["expectations"].update(L9="Walks on water")),
        "criterion 'impact'.expectations: unknown level 'L9'",
    ),
    "key given twice": (
        SHIPPED.replace("  - code: L4\n", "  - code: L4\n    code: L4\n", 1),
        "appears twice",
    ),
    "name too long": (_with(lambda d: d.update(name="x" * 121)), "name: at most 120 characters"),
    "slug not a slug": (
        _with(lambda d: d["criteria"][0].update(slug="Scope & Complexity")),
        "criteria[1].slug: 'Scope & Complexity' is not a slug",
    ),
    "needed beyond the window": (
        _with(lambda d: d["readiness"].update(quarters_needed=5)),
        "readiness.quarters_needed",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_file_names_the_place_and_changes_nothing(case, db, tmp_path):
    text, place = INVALID[case]
    ensure_default_ladder()
    snapshot = _snapshot()
    with pytest.raises(CommandError) as error:
        _load_text(tmp_path, text)
    assert place in str(error.value) and "Nothing was changed" in str(error.value)
    assert _snapshot() == snapshot


def test_removing_a_level_still_in_use_rolls_everything_back(world, tmp_path):
    candidacy_for(world.owner)  # targets L6
    snapshot = _snapshot()
    document = yaml.safe_load(SHIPPED)
    document["name"] = "Renamed ladder"  # written first, then undone
    document["levels"] = [level for level in document["levels"] if level["code"] != "L8"]
    for criterion in document["criteria"]:
        del criterion["expectations"]["L8"]
    with pytest.raises(CommandError, match="level 'L8': is missing from the file but still in use"):
        _load_text(tmp_path, yaml.safe_dump(document, sort_keys=False))
    assert _snapshot() == snapshot


def test_a_name_taken_by_another_ladder_is_refused(db):
    ensure_default_ladder()
    spec = parse_ladder_document(_with(lambda d: d.update(slug="another")))
    with pytest.raises(LadderFileError, match="name: another ladder is already called"):
        ladder_load(spec=spec)


def test_export_of_an_unknown_ladder_lists_the_known_ones(db):
    ensure_default_ladder()
    with pytest.raises(CommandError, match="Known ladders: software-engineer"):
        _export("nope")


def test_an_unreadable_file_is_explained(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("load_ladder", str(tmp_path / "missing.yaml"))


def test_a_load_refused_midway_writes_nothing_and_names_no_change(world):
    candidacy_for(world.owner)  # targets L6, so the file below cannot drop it
    snapshot, changes = _snapshot(), LadderChange.objects.count()
    document = yaml.safe_load(SHIPPED)
    document["description"] = "Written before the refusal, then undone"
    document["criteria"][0]["name"] = "Renamed criterion"
    document["levels"] = [level for level in document["levels"] if level["code"] != "L6"]
    for criterion in document["criteria"]:
        criterion["expectations"].pop("L6", None)
    spec = parse_ladder_document(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(LadderFileError, match="level 'L6'"):
        ladder_load(spec=spec, by=world.staff)
    assert _snapshot() == snapshot
    assert LadderChange.objects.count() == changes


def test_a_load_by_a_person_is_kept_in_the_history_under_their_name(world):
    document = yaml.safe_load(SHIPPED)
    document["description"] = "Clarified by staff"
    ladder_load(spec=parse_ladder_document(yaml.safe_dump(document)), by=world.staff)
    change = LadderChange.objects.latest("pk")
    assert (change.summary, change.changed_by) == ("Updated from a YAML file.", world.staff)
