"""One criterion of a My team row as a small picture, from a snapshot cell.

Three groups, left to right: a dot per quarter of the ladder's window (filled when that
quarter has strong evidence), a square per matured artifact the ladder asks for (filled
when matured, outlined in grey while work is too recent to assess), and the latest
mentor call (a tick for "Next level", a cross for "Not yet", a question mark for "Not
enough evidence"). The picture is decorative for assistive technology: the cell's words
say the same (`mark_words`), and the sentence is one click away.
No style attributes (the Content Security Policy forbids them): colours are `fill`.
Each distinct picture is an SVG <symbol> defined once per page (`mark_symbols`); a cell
holds only a <use> of it, so a grid of 300 cells does not repeat 300 drawings.
"""

import re
from datetime import date
from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import mark_safe

DOT, GAP, HEIGHT = 7, 2, 12
FILLED, EMPTY, RECENT, INK = "#1f6f43", "#d7dde3", "#9aa5b1", "#1b1f24"
CALL_GLYPHS = {"Next level": ("✓", "#1f6f43"), "Not yet": ("✗", "#b42318")}


def _dots(bits, colour):
    """Round-capped zero-length strokes: a dot each in a few bytes."""
    return "".join(
        f"M{index * (DOT + GAP) + DOT / 2:g} {HEIGHT / 2:g}h0"
        for index, strong in enumerate(bits)
        if (strong == "1") == (colour == FILLED)
    )


def _squares(matured, recent, needed, start):
    """{(fill, stroke): path} for the squares: matured, too recent, still missing."""
    paths = {}
    for index in range(needed):
        x = start + index * (DOT + GAP)
        if index < matured:
            colours = (FILLED, FILLED)
        elif index < matured + recent:
            colours = ("#ffffff", RECENT)
        else:
            colours = (EMPTY, EMPTY)
        paths[colours] = (
            paths.get(colours, "")
            + f"M{x + 0.5:g} {(HEIGHT - DOT) / 2 + 0.5:g}h{DOT - 1}v{DOT - 1}h-{DOT - 1}z"
        )
    return paths


# The latest mentor call in a mark's key: one letter each, "x" for none.
CALL_LETTERS = {"Next level": "y", "Not yet": "n"}


def mark_key(cell) -> str:
    """The picture's identity: its quarters, matured, too recent and needed squares and
    the mentor's call, e.g. "mk-1101-1-1-2-n". Equal cells draw equal pictures, so a page
    defines each picture once (`mark_symbols`) and each cell refers to it."""
    bits = "".join("1" if strong else "0" for _label, strong in cell.get("quarters", []))
    mentor = cell.get("mentor")
    call = CALL_LETTERS.get(mentor, "q") if mentor else "x"
    counts = (cell.get("matured", 0), cell.get("too_recent", 0), cell.get("matured_needed", 0))
    return f"mk-{bits}-{counts[0]}-{counts[1]}-{counts[2]}-{call}"


def _width(key):
    _, bits, _matured, _recent, needed, call = key.split("-")
    call_at = (len(bits) + int(needed)) * (DOT + GAP) + 2 * GAP
    return call_at, call_at + (DOT + GAP if call != "x" else 0)


def criterion_mark(cell) -> str:
    """One snapshot cell's picture: a reference to its symbol (see `mark_symbols`)."""
    key = mark_key(cell)
    return format_html(
        '<svg class="mark" width="{}" height="{}" aria-hidden="true"><use href="#{}"/></svg>',
        _width(key)[1],
        HEIGHT,
        key,
    )


# Colours come from these classes in promo.css (plain class selectors, which also match
# inside a <use>): each symbol then carries its shapes and little else.
SQUARE_CLASSES = {
    (FILLED, FILLED): "sq-on",
    ("#ffffff", RECENT): "sq-recent",
    (EMPTY, EMPTY): "sq-off",
}
GLYPHS = {"y": CALL_GLYPHS["Next level"], "n": CALL_GLYPHS["Not yet"], "q": ("?", INK)}


@lru_cache(maxsize=4096)
def mark_symbol(key) -> str:
    """The drawing of one picture (see the module docstring), from its key alone."""
    _, bits, matured, recent, needed, call = key.split("-")
    call_at, width = _width(key)
    squares_at = len(bits) * (DOT + GAP) + GAP
    dots = ((_dots(bits, FILLED), "dot-on"), (_dots(bits, EMPTY), "dot-off"))
    squares = _squares(int(matured), int(recent), int(needed), squares_at)
    parts = [format_html('<path class="{}" d="{}"/>', kind, d) for d, kind in dots if d]
    parts += [
        format_html('<path class="{}" d="{}"/>', SQUARE_CLASSES[c], d) for c, d in squares.items()
    ]
    if call != "x":
        text, _colour = GLYPHS[call]
        parts.append(
            format_html(
                '<text class="call-{}" x="{}" y="{}">{}</text>', call, call_at, HEIGHT - 1, text
            )
        )
    return format_html(
        '<symbol id="{}" viewBox="0 0 {} {}">{}</symbol>',
        key,
        width,
        HEIGHT,
        mark_safe("".join(parts)),  # noqa: S308 - each part from format_html
    )


USED_MARKS = re.compile(r'href="#(mk-[01]*-\d+-\d+-\d+-[ynqx])"')


def mark_symbols(*html) -> str:
    """One hidden SVG defining every picture the given HTML refers to, each once: the page
    puts it beside the rows (cached rows carry only the references)."""
    keys = sorted({key for part in html for key in USED_MARKS.findall(part)})
    if not keys:
        return ""
    return format_html(
        '<svg class="mark-defs" width="0" height="0" aria-hidden="true">{}</svg>',
        mark_safe("".join(mark_symbol(key) for key in keys)),  # noqa: S308 - format_html output
    )


def mark_words(cell) -> str:
    """The picture in words, for screen readers and the CSV: "2 of 4 quarters strong
    (needs 3); impact 1 of 2 matured, 1 too recent; mentor: Not yet"."""
    quarters = cell.get("quarters", [])
    strong = sum(1 for _label, hit in quarters if hit)
    parts = [f"{strong} of {len(quarters)} quarters strong (needs {cell.get('needed', 0)})"]
    if cell.get("matured_needed"):
        recent = f", {cell['too_recent']} too recent" if cell.get("too_recent") else ""
        parts.append(f"impact {cell.get('matured', 0)} of {cell['matured_needed']} matured{recent}")
    if cell.get("overdue"):
        parts.append(f"{cell['overdue']} check-ins overdue")
    if cell.get("adoption"):
        parts.append(f"{cell['adoption']} (needs {cell['confirming_needed']})")
    if cell.get("mentor"):
        parts.append(f"mentor: {cell['mentor']}")
    elif cell.get("verdicts"):
        parts.append("a mentor gave a verdict in a round you are not part of")
    else:
        parts.append("no mentor call yet")
    return "; ".join(parts)


def _compact_short(cell) -> str:
    strong = sum(1 for _label, hit in cell.get("quarters", []) if hit)
    if strong < cell.get("needed", 0):
        return f"{strong}/{cell['needed']} quarters"
    if cell.get("matured", 0) < cell.get("matured_needed", 0):
        return f"{cell.get('matured', 0)}/{cell['matured_needed']} matured"
    if "mentor said Not yet" in (cell.get("short") or []) and len(cell["short"]) == 1:
        return "Mentor Not yet"
    if cell.get("confirmed", 0) < cell.get("confirming_needed", 0):
        return f"{cell['confirmed']}/{cell['confirming_needed']} teams confirmed"
    return f"{cell.get('overdue', 0)} check-ins overdue"


def state_words(cell) -> str:
    """What the cell says in a few visible words: shown, or what is short first, or where
    the evidence and the mentor disagree."""
    if cell.get("shown"):
        return "Shown"
    if cell.get("short") == ["mentor said Not yet"]:
        return "Evidence yes, mentor Not yet"
    if cell.get("mentor") == "Next level":
        return "Mentor Next level, evidence short"
    if cell.get("state") == "not started":
        return "Not started"
    return _compact_short(cell)


def forecast_brief(cells) -> str:
    """forecast_line in two or three words, shown under the status badge."""
    kinds = {(cell.get("forecast") or {}).get("kind") for cell in cells}
    if "not at this pace" in kinds:
        return "not at this pace"
    if "not enough history" in kinds:
        return "too little history"
    months = [(c.get("forecast") or {}).get("month") for c in cells if not c.get("shown")]
    months = [month for month in months if month]
    return f"by {date.fromisoformat(max(months)):%b %Y}" if months else ""


def forecast_line(cells) -> str:
    """One line per report: when every criterion can be shown if the pace holds, or which
    cannot be forecast and why. Empty when every criterion is shown."""
    by_kind = {}
    for cell in cells:
        forecast = cell.get("forecast") or {}
        by_kind.setdefault(forecast.get("kind"), []).append((cell, forecast))
    parts = []
    if by_kind.get("not at this pace"):
        names = ", ".join(cell["name"] for cell, _ in by_kind["not at this pace"])
        parts.append(f"not at this pace: {names}")
    if by_kind.get("not enough history"):
        names = ", ".join(cell["name"] for cell, _ in by_kind["not enough history"])
        parts.append(f"not enough history: {names}")
    if parts:
        return "Forecast: " + "; ".join(parts) + "."
    months = [f["month"] for _, f in by_kind.get("month", []) if f.get("month")]
    if not months:
        return ""
    latest = max(months)
    last = next(cell["name"] for cell, f in by_kind["month"] if f.get("month") == latest)
    by = date.fromisoformat(latest)
    return f"Forecast: every criterion shown by {by:%B %Y} if the pace holds (last: {last})."
