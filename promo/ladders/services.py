"""Writes to ladders: the staff editor's edits and the YAML load. Each one records a
LadderChange saying who changed what, so the ladder page shows its own history. Ids
never change, so evidence tags and candidacies keep pointing at the same levels and
criteria."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError

from promo.ladders.yaml_io import LadderFileError, LadderSpec, export_ladder
from promo.models import Criterion, Expectation, Ladder, LadderChange, Level, User
from promo.web.readiness_changed import readiness_changed

LADDER_FIELDS = {
    "name": "name",
    "description": "description",
    "quarters_needed": "quarters needed",
    "quarters_window": "quarters window",
    "needs_matured_impact": "needs matured impact",
    "matured_impact_needed": "matured artifacts needed",
    "overdue_checkins_allowed": "overdue check-ins allowed",
    "close_max_short": "criteria short for Close",
    "checkin_offsets_days": "check-in offsets (days)",
}

CRITERION_FIELDS = {
    "needs_confirmation": "needs confirmation from other teams",
    "min_confirming_teams": "confirming teams needed",
}


def _record(ladder, by, summary):
    # Every edit recorded here can change how the people on the ladder are judged.
    readiness_changed(*User.objects.filter(ladder=ladder).values_list("pk", flat=True))
    return LadderChange.objects.create(ladder=ladder, changed_by=by, summary=summary)


def _describe(value):
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return f"“{text[:80]}…”" if len(text) > 80 else f"“{text}”"


def _diff(obj, values, labels):
    """Apply `values` to `obj`; return the changed field names and their descriptions."""
    changed, notes = [], []
    for field, value in values.items():
        old = getattr(obj, field)
        if old != value:
            changed.append(field)
            notes.append(f"{labels.get(field, field)} {_describe(old)} → {_describe(value)}")
            setattr(obj, field, value)
    return changed, notes


@transaction.atomic
def ladder_update(*, ladder: Ladder, by: User, values: dict) -> Ladder:
    """Rename a ladder or change its readiness thresholds."""
    changed, notes = _diff(ladder, values, LADDER_FIELDS)
    if changed:
        ladder.save(update_fields=changed)
        _record(ladder, by, "Ladder: " + "; ".join(notes) + ".")
    return ladder


@transaction.atomic
def level_add(*, ladder: Ladder, by: User, code: str, title: str) -> Level:
    """A new level at the top of the ladder. Its expectations are written per criterion."""
    top = ladder.levels.aggregate(top=Max("position"))["top"]
    level = Level.objects.create(
        ladder=ladder, code=code, title=title, position=0 if top is None else top + 1
    )
    _record(ladder, by, f"Added level {code} “{title}”.")
    return level


@transaction.atomic
def level_update(*, level: Level, by: User, code: str, title: str) -> Level:
    old_code = level.code
    changed, notes = _diff(level, {"code": code, "title": title}, {})
    if changed:
        level.save(update_fields=changed)
        _record(level.ladder, by, f"Level {old_code}: " + "; ".join(notes) + ".")
    return level


def _move(obj, siblings, direction, noun, by, ladder):
    if direction not in ("up", "down"):
        raise ValidationError("Move up or down.")
    rows = list(siblings.select_for_update().order_by("position", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        raise ValidationError(f"{obj} is already at the {'top' if direction == 'up' else 'end'}.")
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    _record(ladder, by, f"Moved {noun} {obj} {direction}.")


@transaction.atomic
def level_move(*, level: Level, by: User, direction: str) -> None:
    """Swap a level with its neighbour ("up" is lower on the ladder, earlier in the list)."""
    _move(
        level, Level.objects.filter(ladder_id=level.ladder_id), direction, "level", by, level.ladder
    )


@transaction.atomic
def criterion_move(*, criterion: Criterion, by: User, direction: str) -> None:
    siblings = Criterion.objects.filter(ladder_id=criterion.ladder_id)
    _move(criterion, siblings, direction, "criterion", by, criterion.ladder)


@transaction.atomic
def criterion_save(
    *, ladder: Ladder, by: User, criterion: Criterion | None, values: dict, expectations: dict
) -> Criterion:
    """Create or edit a criterion and its expectation at each level ({Level: text})."""
    created = criterion is None
    if created:
        top = ladder.criteria.aggregate(top=Max("position"))["top"]
        criterion = Criterion.objects.create(
            ladder=ladder, position=0 if top is None else top + 1, **values
        )
        notes = [f"Added criterion “{criterion.name}”"]
    else:
        old_name = criterion.name
        changed, diffs = _diff(criterion, values, CRITERION_FIELDS)
        if changed:
            criterion.save(update_fields=changed)
        notes = [f"Criterion “{old_name}”: " + "; ".join(diffs)] if diffs else []
    current = {e.level_id: e for e in criterion.expectations.all()}
    for level, text in expectations.items():
        expectation = current.get(level.pk)
        if expectation is None:
            Expectation.objects.create(criterion=criterion, level=level, text=text)
            if not created:
                notes.append(f"expectation at {level.code} written")
        elif expectation.text != text:
            expectation.text = text
            expectation.save(update_fields=["text"])
            notes.append(f"expectation at {level.code} changed")
    if notes:
        _record(ladder, by, "; ".join(notes) + ".")
    return criterion


@transaction.atomic
def ladder_load(*, spec: LadderSpec, by: User | None = None) -> Ladder:
    """Create or update the ladder from a parsed YAML document, in place: levels match
    by code and criteria by slug, so ids (and the evidence tags that point at them)
    survive a reload. All or nothing: a level or criterion still in use that the file
    drops undoes everything written before it. A load that changes the ladder is kept
    in its history, like an edit in the app, naming `by` when a person loaded it."""
    if Ladder.objects.filter(name=spec.name).exclude(slug=spec.slug).exists():
        raise LadderFileError("name", f"another ladder is already called {spec.name!r}.")
    existing = Ladder.objects.filter(slug=spec.slug).first()
    before = export_ladder(existing) if existing else None
    ladder, _ = Ladder.objects.update_or_create(
        slug=spec.slug,
        defaults={"name": spec.name, "description": spec.description, **spec.readiness},
    )
    levels = {}
    for position, (code, title) in enumerate(spec.levels):
        levels[code], _ = Level.objects.update_or_create(
            ladder=ladder, code=code, defaults={"title": title, "position": position}
        )
    for position, item in enumerate(spec.criteria):
        criterion, _ = Criterion.objects.update_or_create(
            ladder=ladder,
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "description": item["description"],
                "position": position,
                "needs_confirmation": item["needs_confirmation"],
                "min_confirming_teams": item["min_confirming_teams"],
            },
        )
        for code, text in item["expectations"].items():
            Expectation.objects.update_or_create(
                criterion=criterion, level=levels[code], defaults={"text": text}
            )
    _remove_missing(ladder, Criterion, "slug", [c["slug"] for c in spec.criteria], "criterion")
    _remove_missing(ladder, Level, "code", list(levels), "level")
    if before is None:
        LadderChange.objects.create(
            ladder=ladder, changed_by=by, summary="Created from a YAML file."
        )
    elif export_ladder(ladder) != before:
        LadderChange.objects.create(
            ladder=ladder, changed_by=by, summary="Updated from a YAML file."
        )
        readiness_changed(*User.objects.filter(ladder=ladder).values_list("pk", flat=True))
    return ladder


def _remove_missing(ladder, model, key, kept, noun):
    for obj in model.objects.filter(ladder=ladder).exclude(**{f"{key}__in": kept}):
        try:
            obj.delete()
        except ProtectedError:
            raise LadderFileError(
                f"{noun} {getattr(obj, key)!r}",
                "is missing from the file but still in use; keep it in the file.",
            ) from None
