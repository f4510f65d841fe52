"""The criteria x months heatmap as a server-rendered SVG.

No style attributes (the Content Security Policy forbids them): colour comes from the
`fill` presentation attribute plus a class per strength, and every cell also carries its
count as text and a <title>, so the chart does not rely on colour alone. The same data
is offered as a table for screen readers (see the readiness template).
"""

from collections.abc import Callable
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from promo.readiness.facts import EXEMPLARY, SIGNAL, STRONG

LABEL_WIDTH = 310
LABEL_CHARS = 42  # longer names are shortened; the cells' titles keep them whole
CELL = 34
GAP = 4
HEADER = 40
FILLS = {None: "#eef1f4", SIGNAL: "#b6d4f2", STRONG: "#3f83c9", EXEMPLARY: "#0b3f75"}
INKS = {None: "#57606a", SIGNAL: "#1b1f24", STRONG: "#ffffff", EXEMPLARY: "#ffffff"}
LEGEND = ((None, "no evidence"), (SIGNAL, "signal"), (STRONG, "strong"), (EXEMPLARY, "exemplary"))


def _join(parts) -> SafeString:
    """Concatenate fragments already built (and escaped) by format_html."""
    return format_html_join("", "{}", ((part,) for part in parts))


def cell_label(criterion_name: str, cell) -> str:
    """What one cell says, in words: the text alternative to its colour."""
    month = f"{cell.month:%B %Y}"
    if not cell.count:
        return f"{criterion_name}, {month}: no evidence"
    pieces = "1 piece" if cell.count == 1 else f"{cell.count} pieces"
    return f"{criterion_name}, {month}: {pieces}, strongest {cell.strongest}"


def _month_labels(months: list[date]):
    for column, month in enumerate(months):
        x = LABEL_WIDTH + column * (CELL + GAP) + CELL / 2
        year = f"{month:%Y}" if column == 0 or month.month == 1 else ""
        yield (x, f"{month:%b}", x, year)


def _cell(row_index, column, criterion, cell, link_for):
    x = LABEL_WIDTH + column * (CELL + GAP)
    y = HEADER + row_index * (CELL + GAP)
    label = cell_label(criterion.name, cell)
    key = cell.strongest
    count = str(cell.count) if cell.count else ""
    # An empty month draws no count: its label already says "no evidence".
    number = (
        format_html(
            '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
            x + CELL / 2,
            y + CELL / 2 + 4,
            INKS[key],
            count,
        )
        if count
        else ""
    )
    return format_html(
        '<a href="{}" aria-label="{}"><title>{}</title>'
        '<rect class="heat heat-{}" x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/>'
        "{}</a>",
        link_for(criterion, cell.month),
        label,
        label,
        key or "none",
        x,
        y,
        CELL,
        CELL,
        FILLS[key],
        number,
    )


def _row(row_index, row, link_for):
    y = HEADER + row_index * (CELL + GAP) + CELL / 2 + 4
    cells = _join(
        _cell(row_index, column, row.criterion, cell, link_for)
        for column, cell in enumerate(row.months)
    )
    return format_html(
        '<g class="heat-row"><text x="0" y="{}" font-size="13" fill="#1b1f24">{}</text>{}</g>',
        y,
        Truncator(row.criterion.name).chars(LABEL_CHARS),
        cells,
    )


def heatmap_svg(
    rows, months: list[date], *, link_for: Callable[[object, date], str], dom_id="heatmap"
) -> SafeString:
    """Render readiness rows (CriterionReadiness) as an accessible SVG heatmap.

    `link_for(criterion, month)` gives the URL of the evidence behind a cell.
    """
    rows = list(rows)
    width = LABEL_WIDTH + len(months) * (CELL + GAP)
    height = HEADER + max(len(rows), 1) * (CELL + GAP)
    if rows:
        strong = sum(len(row.strong_months) for row in rows)
        description = (
            f"{len(rows)} criteria by the {len(months)} months from {months[0]:%B %Y} to "
            f"{months[-1]:%B %Y}; {strong} criterion-months have strong or exemplary evidence. "
            "Each cell links to the evidence behind it."
        )
    else:
        description = "This ladder has no criteria yet, so there is nothing to chart."
    header = format_html_join(
        "",
        '<text x="{}" y="14" text-anchor="middle" font-size="12" fill="#57606a">{}</text>'
        '<text x="{}" y="30" text-anchor="middle" font-size="11" fill="#57606a">{}</text>',
        _month_labels(months),
    )
    body = _join(_row(i, row, link_for) for i, row in enumerate(rows))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" id="{id}" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc">'
        '<title id="{id}-title">Heatmap of evidence, month by month</title>'
        '<desc id="{id}-desc">{desc}</desc>{header}{body}</svg>',
        id=dom_id,
        w=width,
        h=height,
        desc=description,
        header=header,
        body=body,
    )


def legend():
    """(css key, fill, words) for the colour legend next to the chart."""
    return [(key or "none", FILLS[key], words) for key, words in LEGEND]
