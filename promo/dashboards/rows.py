"""The dashboard's rows as HTML, cached by what they show.

A row is a picture and a few words per criterion, the readiness badge, gaps and a
sparkline (the sentences behind them come on request, from team_why): rendering 25 of
them through the template engine was most of the page's time. A row's HTML depends
only on its inputs (ROW_INPUTS), so the cache key is a digest of exactly those inputs
(plus the row template's source): a changed snapshot, case, name or column set is a new
key, and nothing ever needs invalidating. One get_many and one set_many per page.
"""

import hashlib
from functools import cache

from django.core.cache import cache as shared_cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from promo.dashboards import charts, marks
from promo.web.fragments import cache_call, source_digest

ROW_TEMPLATE = "promo/candidacy/_team_row.html"
ROW_TTL = 60 * 60 * 24


@cache
def _template_digest():
    """The row template and the code drawing its pictures: a new release draws afresh."""
    template = get_template(ROW_TEMPLATE).template.source.encode()
    drawing = tuple(source_digest(module.__file__) for module in (marks, charts))
    return (hashlib.sha256(template).hexdigest()[:16], *drawing)


# Everything a row's HTML shows, by the part of the Row it comes from (a dotted path, or
# "__str__" for how the object prints). This one declaration is the cache key: a digest
# of exactly these values, the dashboard's columns and the row template, so a row is
# never served stale and nothing needs invalidating. The row template may read only what
# is declared here (tests/promo/dashboards/test_rows.py holds it to that).
ROW_INPUTS = {
    "person": ("pk", "__str__", "level.code"),
    "snapshot": (
        "status",
        "target_label",
        "cells",
        "open_gaps",
        "last_evidence_on",
        "is_stale",
        "overdue_checkins",
        "strong_by_month",
        "months",
    ),
    "candidacy": ("pk", "status", "is_open", "target_date"),
}


def _value(obj, path):
    for name in path.split("."):
        if obj is None:
            return None
        obj = str(obj) if name == "__str__" else getattr(obj, name)
    return obj


def _inputs(row, columns):
    shown = []
    for part, paths in ROW_INPUTS.items():
        obj = getattr(row, part)
        shown.append(None if obj is None else tuple(_value(obj, path) for path in paths))
    return (tuple(shown), columns)


def row_key(row, columns):
    digest = hashlib.sha256(repr((_template_digest(), _inputs(row, columns))).encode())
    return f"team-row:{digest.hexdigest()}"


def render_rows(rows, columns):
    """Set `row.html` on each row, rendering only the rows the cache does not hold."""
    keys = {id(row): row_key(row, columns) for row in rows}
    cached = cache_call(shared_cache.get_many, list(keys.values())) or {}
    fresh = {}
    for row in rows:
        key = keys[id(row)]
        html = cached.get(key)
        if html is None:
            html = fresh[key] = render_to_string(ROW_TEMPLATE, {"row": row})
        row.html = mark_safe(html)  # noqa: S308 - rendered by our own autoescaping template
    if fresh:
        cache_call(shared_cache.set_many, fresh, ROW_TTL)
    return rows
