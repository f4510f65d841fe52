"""Ladders as YAML: the format shipped under promo/ladders/ and used by the
`load_ladder` / `export_ladder` commands.

Parsing validates the whole document before anything is written; the write itself
is the `ladder_load` service (promo/ladders/services.py).
"""

import re
from dataclasses import dataclass, field

import yaml

from promo.ladders import thresholds
from promo.models import Ladder

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TOP_KEYS = {"name", "slug", "description", "readiness", "levels", "criteria"}
READINESS_KEYS = set(thresholds.FIELDS)
LEVEL_KEYS = {"code", "title"}
CRITERION_KEYS = {"slug", "name", "description", "expectations", *thresholds.CRITERION_FIELDS}


class _StrictLoader(yaml.SafeLoader):
    """safe_load that refuses a key given twice in one mapping instead of keeping the last."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                mark = key_node.start_mark
                raise LadderFileError(
                    f"line {mark.line + 1}, column {mark.column + 1}",
                    f"key {key!r} appears twice in the same mapping.",
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class LadderFileError(ValueError):
    """A problem in a ladder document, naming the place it was found."""

    def __init__(self, place, message):
        self.place = place
        super().__init__(f"{place}: {message}")


@dataclass
class LadderSpec:
    name: str
    slug: str
    description: str
    readiness: dict
    levels: list = field(default_factory=list)  # [(code, title)]
    # [dict(slug, name, description, expectations, needs_confirmation, min_confirming_teams)]
    criteria: list = field(default_factory=list)


def _require_mapping(value, place):
    if not isinstance(value, dict):
        raise LadderFileError(place, "expected a mapping of keys to values.")
    return value


def _check_keys(mapping, allowed, required, place):
    unknown = sorted(set(mapping) - allowed)
    if unknown:
        raise LadderFileError(
            place, f"unknown key {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}."
        )
    for key in sorted(required):
        if mapping.get(key) in (None, ""):
            raise LadderFileError(place, f"{key!r} is required.")


def _text(value, place, max_length=None):
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise LadderFileError(place, "expected text.")
    text = str(value).strip()
    if max_length and len(text) > max_length:
        raise LadderFileError(place, f"at most {max_length} characters, not {len(text)}.")
    return text


def _slug(value, place):
    slug = _text(value, place, max_length=60)
    if not SLUG.fullmatch(slug):
        raise LadderFileError(place, f"{slug!r} is not a slug (lower-case letters, digits, '-').")
    return slug


def _parse_readiness(raw):
    readiness = thresholds.defaults()
    if raw is None:
        return readiness
    _check_keys(_require_mapping(raw, "readiness"), READINESS_KEYS, set(), "readiness")
    readiness.update(raw)
    problems = thresholds.problems(readiness)
    if problems:
        key, message = problems[0]
        raise LadderFileError(f"readiness.{key}", message)
    readiness["checkin_offsets_days"] = sorted(set(readiness["checkin_offsets_days"]))
    return readiness


def _parse_levels(raw):
    if not isinstance(raw, list) or not raw:
        raise LadderFileError("levels", "expected a non-empty list of levels.")
    levels, seen = [], set()
    for index, item in enumerate(raw, start=1):
        place = f"levels[{index}]"
        _check_keys(_require_mapping(item, place), LEVEL_KEYS, LEVEL_KEYS, place)
        code = _text(item["code"], f"{place}.code", max_length=20)
        if code in seen:
            raise LadderFileError(place, f"duplicate level code {code!r}.")
        seen.add(code)
        levels.append((code, _text(item["title"], f"{place}.title", max_length=120)))
    return levels


def _parse_confirmation(item, place):
    values = thresholds.criterion_defaults()
    for key in thresholds.CRITERION_FIELDS:
        if key in item and item[key] is None:
            raise LadderFileError(
                f"{place}.{key}", "expected a value; leave the key out for the default."
            )
        values[key] = item.get(key, values[key])
    problems = thresholds.criterion_problems(values)
    if problems:
        key, message = problems[0]
        raise LadderFileError(f"{place}.{key}", message)
    return values


def _parse_criteria(raw, level_codes):
    if not isinstance(raw, list) or not raw:
        raise LadderFileError("criteria", "expected a non-empty list of criteria.")
    criteria, seen = [], set()
    for index, item in enumerate(raw, start=1):
        place = f"criteria[{index}]"
        _check_keys(
            _require_mapping(item, place), CRITERION_KEYS, {"slug", "name", "expectations"}, place
        )
        slug = _slug(item["slug"], f"{place}.slug")
        place = f"criterion {slug!r}"
        if slug in seen:
            raise LadderFileError(place, "duplicate criterion.")
        seen.add(slug)
        expectations = {
            str(code): text
            for code, text in _require_mapping(
                item["expectations"], f"{place}.expectations"
            ).items()
        }
        for code in expectations:
            if str(code) not in level_codes:
                raise LadderFileError(f"{place}.expectations", f"unknown level {code!r}.")
        texts = {}
        for code in level_codes:
            text = expectations.get(code)
            if text in (None, ""):
                raise LadderFileError(
                    f"{place}.expectations", f"level {code!r} has no expectation."
                )
            texts[code] = _text(text, f"{place}.expectations.{code}")
        criteria.append(
            {
                "slug": slug,
                "name": _text(item["name"], f"{place}.name", max_length=120),
                "description": _text(item.get("description") or "", f"{place}.description"),
                "expectations": texts,
                **_parse_confirmation(item, place),
            }
        )
    return criteria


def parse_ladder_document(text: str) -> LadderSpec:
    """Validate a whole ladder document. Raises LadderFileError naming the place."""
    try:
        raw = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "document"
        raise LadderFileError(
            place, f"not valid YAML ({getattr(error, 'problem', error)})."
        ) from None
    return ladder_spec(raw)


def ladder_spec(raw) -> LadderSpec:
    """Validate a ladder already read as plain data (the shape ladder_data gives, as an
    organisation export carries it). Raises LadderFileError naming the place."""
    _check_keys(
        _require_mapping(raw, "document"),
        TOP_KEYS,
        {"name", "slug", "levels", "criteria"},
        "document",
    )
    levels = _parse_levels(raw["levels"])
    return LadderSpec(
        name=_text(raw["name"], "name", max_length=120),
        slug=_slug(raw["slug"], "slug"),
        description=_text(raw.get("description") or "", "description"),
        readiness=_parse_readiness(raw.get("readiness")),
        levels=levels,
        criteria=_parse_criteria(raw["criteria"], [code for code, _ in levels]),
    )


def _confirmation_data(criterion):
    """A criterion's confirmation keys, left out when both are at their defaults so that
    most criteria read as they always did."""
    values = {key: getattr(criterion, key) for key in thresholds.CRITERION_FIELDS}
    return {} if values == thresholds.criterion_defaults() else values


def export_ladder(ladder: Ladder) -> str:
    return yaml.safe_dump(ladder_data(ladder), sort_keys=False, allow_unicode=True, width=100)


def ladder_data(ladder: Ladder) -> dict:
    """The ladder as plain data, in the shape its YAML file has (parse_ladder_document reads
    it back)."""
    levels = list(ladder.levels.order_by("position", "id"))
    criteria = ladder.criteria.order_by("position", "id").prefetch_related("expectations__level")
    return {
        "name": ladder.name,
        "slug": ladder.slug,
        "description": ladder.description,
        "readiness": {
            "quarters_needed": ladder.quarters_needed,
            "quarters_window": ladder.quarters_window,
            "needs_matured_impact": ladder.needs_matured_impact,
            "matured_impact_needed": ladder.matured_impact_needed,
            "overdue_checkins_allowed": ladder.overdue_checkins_allowed,
            "close_max_short": ladder.close_max_short,
            "checkin_offsets_days": list(ladder.checkin_offsets_days),
        },
        "levels": [{"code": level.code, "title": level.title} for level in levels],
        "criteria": [
            {
                "slug": criterion.slug,
                "name": criterion.name,
                "description": criterion.description,
                **_confirmation_data(criterion),
                "expectations": {
                    e.level.code: e.text
                    for e in sorted(criterion.expectations.all(), key=lambda e: e.level.position)
                },
            }
            for criterion in criteria
        ],
    }
