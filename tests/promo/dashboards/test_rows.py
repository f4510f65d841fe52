"""A row's cache key is derived from ROW_INPUTS, and the row template reads nothing else:
so whatever a row shows, a change to it is a new key and never a stale row."""

import re

from django.template.loader import get_template

from promo.candidacies.queries import open_or_latest_prefetch
from promo.dashboards.rows import ROW_INPUTS, ROW_TEMPLATE, row_key
from promo.dashboards.snapshots import snapshot_refresh
from promo.dashboards.team import Row
from promo.models import User
from tests.reviews.factories import candidacy_for

# The template's names for the parts of a Row.
ALIASES = {"person": "person", "snap": "snapshot", "case": "candidacy"}
# The Row's own properties the template reads, and the declared inputs they come from.
ROW_PROPERTIES = {
    "person": "person.__str__",
    "snapshot": "snapshot.status",
    "status": "snapshot.status",
    "status_label": "snapshot.status",
    "cells": "snapshot.cells",  # and the columns, which are part of the key
    "marks": "snapshot.cells",  # pictures drawn from the cells alone
    "forecast_line": "snapshot.cells",
    "forecast_brief": "snapshot.cells",  # each cell holds its criterion's forecast
    "sparkline": "snapshot.strong_by_month",
    "candidacy": "candidacy.pk",
}
CELL = "snapshot.cells"  # a `cell` is one of the snapshot's cells


def _declared(path):
    part, _, rest = path.partition(".")
    return rest in ROW_INPUTS[part]


def _reads(source):
    """Every (part, attribute path) the template reads, in declaration terms."""
    for name, path in re.findall(r"\b(person|snap|case|row|cell)\b(?:\.([\w.]+))?", source):
        if name == "row":
            if path:  # a bare "row" is the HTML's scope="row"
                yield ROW_PROPERTIES.get(path, f"row.{path}")
        elif name == "cell":
            yield CELL
        elif path:
            yield f"{ALIASES[name]}." + re.sub(r"^get_(\w+)_display$", r"\1", path)
        elif name == "person":
            yield "person.__str__"
        # A bare `snap` or `case` asks only whether there is one, which the key holds too.


def test_the_row_template_reads_only_what_row_inputs_declares():
    source = get_template(ROW_TEMPLATE).template.source
    reads = set(_reads(source))
    assert "snapshot.cells" in reads and "person.level.code" in reads
    unknown = sorted(path for path in reads if path.startswith("row."))
    undeclared = sorted(path for path in reads - set(unknown) if not _declared(path))
    assert not undeclared, f"declare these in ROW_INPUTS: {undeclared}"
    assert not unknown, f"say which inputs these Row properties come from: {unknown}"


def _row(person_id):
    person = (
        User.objects.select_related("level", "snapshot")
        .prefetch_related(open_or_latest_prefetch())
        .get(pk=person_id)
    )
    return Row(person=person, snapshot=person.snapshot)


def test_a_change_to_any_declared_input_is_a_new_key(world):
    snapshot_refresh(person_id=world.owner.pk)
    columns = ("design", "delivery")
    first = row_key(_row(world.owner.pk), columns)
    assert row_key(_row(world.owner.pk), columns) == first, "the same inputs, the same key"
    assert row_key(_row(world.owner.pk), columns[:1]) != first

    world.owner.snapshot.overdue_checkins = 7
    world.owner.snapshot.save(update_fields=["overdue_checkins"])
    renamed = row_key(_row(world.owner.pk), columns)
    assert renamed != first

    User.objects.filter(pk=world.owner.pk).update(display_name="Olive O.")
    assert row_key(_row(world.owner.pk), columns) not in {first, renamed}

    before_case = row_key(_row(world.owner.pk), columns)
    candidacy_for(world.owner)
    assert row_key(_row(world.owner.pk), columns) != before_case
