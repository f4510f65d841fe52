"""The calibration grid of one committee: candidates as rows, the ladder's criteria as
columns, each cell the frozen packet's criterion in My team's words.

A fixed number of queries whatever the number of candidates: the criteria, the
nominations with their candidates and voters, and the viewer's relations to the
candidates (two); one more to draw rows the cache does not hold. Sorting and filtering
work on the rows. Each row's HTML is kept in the shared cache under a digest of what it
shows: a packet is frozen, so a row is drawn again only when its votes, decision or the
viewer's part change.
"""

from collections import namedtuple
from dataclasses import dataclass, field
from functools import cache

import django
from django import forms
from django.db import connection
from django.db.models.fields.json import KeyTransform
from django.template.loader import get_template

from promo.dashboards.marks import criterion_mark, mark_words, state_words
from promo.models import Candidacy, Criterion, Nomination, Vote
from promo.org.access import Relation, relations_to_many
from promo.web.fragments import (
    cached_fragment,
    cached_fragments,
    source_digest,
    without_indentation,
)
from promo.web.lookups import CompiledQuery
from promo.web.prepared import prepared_cursor

SORTS = [("name", "Name"), ("standing", "Readiness"), ("shown", "Criteria shown")]
STANDINGS = [("", "Everyone"), ("ready", "Ready"), ("close", "Close"), ("building", "Building")]
SHOW = [("", "All"), ("undecided", "Not decided"), ("my_vote", "Waiting for my vote")]
STANDING_ORDER = {"ready": 0, "close": 1, "building": 2}
# Candidates per page: a row is about 2 KB of HTML (six criterion cells in words), so a
# page of this many stays well under 60 KB; the filters and the sort apply before paging.
PAGE_SIZE = 20
ROW_TEMPLATE = "committees/_grid_row.html"
Someone = namedtuple("Someone", "pk")


class GridFilters(forms.Form):
    sort = forms.ChoiceField(choices=SORTS, required=False)
    standing = forms.ChoiceField(choices=STANDINGS, required=False, label="Readiness")
    show = forms.ChoiceField(choices=SHOW, required=False)

    def values(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {key: data.get(key) or "" for key in ("sort", "standing", "show")}


@dataclass
class GridPage:
    """One page of the filtered rows, with the queries of its neighbours (filters kept)."""

    rows: list
    number: int
    count: int
    previous_query: str = ""
    next_query: str = ""


def paged(rows, query):
    """The page `?page=` asks for (the first when it is not a number, the last when past
    it). The page number is not a filter: changing a filter starts again at page 1."""
    count = max((len(rows) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    asked = query.get("page", "")
    number = min(max(int(asked), 1) if asked.isdigit() else 1, count)

    def at(page):
        neighbour = query.copy()
        neighbour["page"] = page
        return neighbour.urlencode()

    return GridPage(
        rows=rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
        number=number,
        count=count,
        previous_query=at(number - 1) if number > 1 else "",
        next_query=at(number + 1) if number < count else "",
    )


def filters_html(filters):
    """The filter form's HTML: the same few variants for everyone, kept in the shared cache
    (Django's form templates cost more to render than the grid's cached rows)."""
    shown = (source_digest(__file__), django.get_version(), sorted(filters.data.lists()))
    return cached_fragment("grid-filters", shown, filters.render)


@dataclass
class GridCell:
    words: str
    state: str
    mark: str
    shown: bool


@dataclass
class GridRow:
    """One candidate. `frozen` (the packet's cells in the criteria's order, None where the
    packet lacks a criterion) is loaded only to draw a row the cache does not hold. In
    the row's cache key the nomination and the moment its packet was frozen stand for
    the cells: nothing changes a packet once frozen (promo.committees.packets)."""

    pk: int  # the nomination's
    decision: str
    name: str
    standing: str
    frozen_at: str
    shown_count: int = 0
    votes_in: int = 0
    my_vote: bool = False
    conflict: str = ""
    frozen: list = field(default_factory=list)
    html: str = ""

    @property
    def is_decided(self):
        return self.decision != Nomination.Decision.PENDING

    @property
    def decision_label(self):
        return Nomination.Decision(self.decision).label

    @property
    def cells(self):
        return [_cell(frozen) for frozen in self.frozen]

    def shown(self):
        """Everything the row's HTML shows, for its cache key."""
        return (
            self.pk,
            self.decision,
            self.name,
            self.standing,
            self.frozen_at,
            self.votes_in,
            self.my_vote,
            self.conflict,
        )


def _cell(frozen):
    if frozen is None:
        return None
    return GridCell(
        words=mark_words(frozen),
        state=state_words(frozen),
        mark=criterion_mark(frozen),
        shown=bool(frozen.get("shown")),
    )


def _conflict(relation):
    if relation.is_self:
        return "the candidate"
    if relation.is_manager:
        return "their manager"
    return "their mentor" if relation.is_mentor else ""


# Compiled once: on every view of the grid, compiling it cost more than running it.
_LADDER_CRITERIA = CompiledQuery(
    lambda ladder: Criterion.objects.filter(ladder_id=ladder).order_by("position")
)


def grid_criteria(committee):
    return _LADDER_CRITERIA(ladder=committee.level.ladder_id)


# One row per nominated candidate. The packet's readiness is most of a packet: the
# database sends its standing and the ids of the criteria it shows, not the cells
# themselves (see `with_html`). Plain SQL: compiling it through the ORM cost more than
# running it, on every view of the grid.
ROWS_SQL = f"""
SELECT n.id, n.decision, c.person_id,
       p.candidate ->> 'name',
       p.readiness ->> 'standing',
       p.frozen_at,
       ARRAY(SELECT (cell ->> 'id')::int
             FROM jsonb_array_elements(p.readiness -> 'criteria') AS cell
             WHERE cell ->> 'shown' = 'true'),
       ARRAY(SELECT v.member_id FROM {Vote._meta.db_table} v WHERE v.nomination_id = n.id)
FROM {Nomination._meta.db_table} n
JOIN {Candidacy._meta.db_table} c ON c.id = n.candidacy_id
-- The packet is a few KB, stored compressed: unpacked once per row here, not once per
-- field read from it.
CROSS JOIN LATERAL jsonb_to_record(n.packet)
  AS p(candidate jsonb, readiness jsonb, frozen_at text)
WHERE n.committee_id = %s AND n.nominated_at IS NOT NULL
ORDER BY n.id
"""  # noqa: S608 - table names from the models


def _relations(viewer, person_ids, roles):
    """The viewer's relation to each candidate. `roles` (manages anyone, mentors anyone),
    when the page knows it, spares the two queries for a viewer who does neither."""
    people = [Someone(pk) for pk in person_ids]  # all relations_to_many reads
    if roles is not None and not any(roles):
        return {pk: Relation(is_self=pk == viewer.pk) for pk in person_ids}
    return relations_to_many(viewer, people) if people else {}


def _nomination_rows(committee):
    if connection.vendor != "postgresql":
        return _nomination_rows_portably(committee)
    with prepared_cursor() as cursor:
        cursor.execute(ROWS_SQL, [committee.pk])
        return cursor.fetchall()


def _nomination_rows_portably(committee):
    """ROWS_SQL's rows through the ORM, for SQLite (the zero-setup database): the whole
    packets come back, which a committee of a few candidates can afford."""
    rows = []
    nominations = (
        Nomination.objects.filter(committee=committee, nominated_at__isnull=False)
        .select_related("candidacy")
        .prefetch_related("votes")
        .order_by("id")
    )
    for nomination in nominations:
        packet = nomination.packet or {}
        readiness = packet.get("readiness") or {}
        shown = [cell["id"] for cell in readiness.get("criteria", []) if cell.get("shown")]
        rows.append(
            (
                nomination.pk,
                nomination.decision,
                nomination.candidacy.person_id,
                (packet.get("candidate") or {}).get("name"),
                readiness.get("standing"),
                packet.get("frozen_at"),
                shown,
                [vote.member_id for vote in nomination.votes.all()],
            )
        )
    return rows


def grid_rows(committee, viewer, criteria, roles=None):
    nominations = _nomination_rows(committee)
    relations = _relations(viewer, [person_id for _, _, person_id, *_ in nominations], roles)
    columns = {criterion.pk for criterion in criteria}
    return [
        GridRow(
            pk=pk,
            decision=decision,
            name=name or "",
            standing=standing or "",
            frozen_at=frozen_at or "",
            shown_count=len(columns.intersection(shown_ids)),
            votes_in=len(voters),
            my_vote=viewer.pk in voters,
            conflict=_conflict(relations[person_id]),
        )
        for pk, decision, person_id, name, standing, frozen_at, shown_ids, voters in nominations
    ]


def _frozen_cells(rows, criteria):
    """{nomination id: the packet's cells in the criteria's order}, in one query."""
    frozen = Nomination.objects.filter(pk__in=[row.pk for row in rows]).values_list(
        "pk", KeyTransform("criteria", KeyTransform("readiness", "packet"))
    )
    cells = {}
    for pk, packet_cells in frozen:
        by_id = {cell.get("id"): cell for cell in packet_cells or []}
        cells[pk] = [by_id.get(criterion.pk) for criterion in criteria]
    return cells


@cache
def _drawing_digests():
    """The code that draws a row: a new release draws every row afresh."""
    template = get_template(ROW_TEMPLATE).template.origin.name
    marks = criterion_mark.__code__.co_filename
    return tuple(source_digest(path) for path in (__file__, marks, template))


def with_html(rows, criteria):
    """`rows`, each with its rendered <tr>: from the shared cache, keyed by a digest of
    what the row shows (the frozen packet's cells, the columns, the votes, the viewer's
    vote and conflict), or drawn now, the frozen cells of all rows read in one query at
    the first row drawn. One cache round trip for the whole grid."""
    template = get_template(ROW_TEMPLATE)
    columns = (_drawing_digests(), tuple(criterion.pk for criterion in criteria))
    loaded = {}

    def render(row):
        def draw():
            if not loaded:
                loaded.update(_frozen_cells(rows, criteria))
            row.frozen = loaded.get(row.pk, [None] * len(criteria))
            return without_indentation(template.render({"row": row}))

        return draw

    items = [((columns, row.shown()), render(row)) for row in rows]
    for row, html in zip(rows, cached_fragments("grid-row", items), strict=True):
        row.html = html
    return rows


def filtered(rows, values):
    if values["standing"]:
        rows = [row for row in rows if row.standing == values["standing"]]
    if values["show"] == "undecided":
        rows = [row for row in rows if not row.is_decided]
    if values["show"] == "my_vote":
        rows = [row for row in rows if not row.my_vote and not row.conflict]
    if values["sort"] == "standing":
        return sorted(rows, key=lambda row: (STANDING_ORDER.get(row.standing, 3), row.name))
    if values["sort"] == "shown":
        return sorted(rows, key=lambda row: (-row.shown_count, row.name))
    return sorted(rows, key=lambda row: row.name.lower())
