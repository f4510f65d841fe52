"""The team dashboard's data: one row per person from their readiness snapshot.

Every read is a fixed number of queries whatever the team size: the people below the
viewer (one recursive query for the whole org), the people with their snapshot, level and
manager (one query), and the monthly history for the chart (one aggregate). Filters and
sorting work on those rows in Python, so the filter menus can list every level and
manager in view.
"""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import Count

from promo.candidacies.queries import open_or_latest, open_or_latest_prefetch
from promo.dashboards.charts import LineChart, Sparkline
from promo.dashboards.marks import (
    criterion_mark,
    forecast_brief,
    forecast_line,
    mark_words,
    state_words,
)
from promo.models import ReadinessMonth, ReadinessStatus, User
from promo.org.tree import people_below
from promo.readiness.calendar import trailing_months
from promo.web.lookups import CompiledQuery

SCOPES = [("direct", "Direct reports"), ("org", "Whole org below me")]
STATUS_FILTERS = [("", "Everyone"), ("ready", "Ready"), ("close", "Close"), ("stale", "Stale")]
SORTS = [
    ("name", "Name"),
    ("readiness", "Readiness"),
    ("last_evidence", "Last evidence (oldest first)"),
    ("level", "Level"),
]
# A page lists at most this many people (a director's org can be hundreds): rendering
# every criterion cell of 500 people is what made the org view slow, not the database.
# A row is about 2.3 KB of HTML with its sentences on request (six criterion pictures and
# their words, a sparkline), plus the pictures' symbols: the whole org, which shows the
# most varied rows, comes in pages that stay under 60 KB; direct reports all on one page
# up to 25.
PAGE_SIZE = 25
ORG_PAGE_SIZE = 15
STATUS_ORDER = {"ready": 0, "close": 1, "building": 2, "no_ladder": 3, "": 4}


class DashboardFilters(forms.Form):
    """The dashboard's filters, read from the URL so a view can be shared and exported."""

    scope = forms.ChoiceField(choices=SCOPES, required=False)
    status = forms.ChoiceField(choices=STATUS_FILTERS, required=False, label="Show")
    level = forms.CharField(required=False, max_length=20)
    manager = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(choices=SORTS, required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def values(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "scope": data.get("scope") or "direct",
            "status": data.get("status") or "",
            "level": data.get("level") or "",
            "manager": data.get("manager"),
            "sort": data.get("sort") or "name",
            "page": data.get("page") or 1,
        }


@dataclass(frozen=True)
class Summary:
    """What filtering, sorting and the filter menus need about one person: plain values
    from one query, so a director's 500 people cost no model instances and no JSON."""

    pk: int
    name: str
    manager_id: int | None
    manager_name: str
    level_code: str
    level_position: int
    status: str  # "" before the first snapshot
    is_stale: bool
    shown_count: int
    last_evidence_on: date | None


SUMMARY_FIELDS = (
    "pk",
    "display_name",
    "email",
    "manager_id",
    "manager__display_name",
    "manager__email",
    "level__code",
    "level__position",
    "snapshot__status",
    "snapshot__is_stale",
    "snapshot__shown_count",
    "snapshot__last_evidence_on",
)


@dataclass
class Row:
    person: object
    snapshot: object  # ReadinessSnapshot or None before the first computation
    cells: list = field(default_factory=list)  # aligned with the dashboard's columns
    html: str = ""  # the rendered <tr>, set by promo.dashboards.rows

    @property
    def candidacy(self):
        """The open case, else the latest one: live, not from the snapshot."""
        return open_or_latest(self.person)

    @property
    def status(self):
        return self.snapshot.status if self.snapshot else ""

    @property
    def status_label(self):
        if self.snapshot is None:
            return "Not computed yet"
        return ReadinessStatus(self.snapshot.status).label

    def marks(self):
        """Per column: the cell with its picture and its words, or None off their ladder."""
        cells = self.snapshot.cells if self.snapshot else []
        positions = {cell["name"]: position for position, cell in enumerate(cells, 1)}
        return [cell and mark(cell, positions[cell["name"]]) for cell in self.cells]

    @property
    def forecast_brief(self):
        return forecast_brief(self.snapshot.cells) if self.snapshot else ""

    @property
    def forecast_line(self):
        return forecast_line(self.snapshot.cells) if self.snapshot else ""

    def sparkline(self):
        if self.snapshot is None or not self.snapshot.months:
            return ""
        spark = Sparkline(values=self.snapshot.strong_by_month, labels=self.snapshot.months)
        return spark.svg(f"Strong evidence per month for {self.person}")


def mark(cell, position):
    """One criterion cell: its picture, its few words, the picture in words, and its
    position among the person's criteria (the address of its sentence)."""
    return {
        "cell": cell,
        "position": position,
        "svg": criterion_mark(cell),
        "words": state_words(cell),
        "said": mark_words(cell),
    }


def _in_scope(scope, manager):
    """The people a dashboard of `manager` covers: their reports, or the whole org below."""
    if scope == "org":
        return User.objects.filter(pk__in=people_below(manager))
    return User.objects.filter(manager_id=manager)


def _summaries_query(scope):
    return CompiledQuery(
        lambda manager: (
            _in_scope(scope, manager).order_by("display_name", "email").values_list(*SUMMARY_FIELDS)
        )
    )


def _counts_query(scope):
    return CompiledQuery(
        lambda manager, since: (
            ReadinessMonth.objects.filter(
                person_id__in=_in_scope(scope, manager).values("pk"),
                month__gte=since,
                status__in=[ReadinessStatus.READY, ReadinessStatus.CLOSE],
            )
            .values_list("month", "status")
            .annotate(people=Count("id"))
            .order_by()
        )
    )


# Each scope's reads, compiled once: building and compiling them (a dozen fields across
# four relations; the whole org's people as a list of ids) cost more than running them.
_SUMMARIES = {scope: _summaries_query(scope) for scope, _ in SCOPES}
_COUNTS = {scope: _counts_query(scope) for scope, _ in SCOPES}


def summaries_in_scope(viewer, scope):
    """Everyone the dashboard covers, as Summary values (one query)."""
    rows = _SUMMARIES["org" if scope == "org" else "direct"](manager=viewer.pk)
    return [
        Summary(
            pk=pk,
            name=display_name or email,
            manager_id=manager_id,
            manager_name=(manager_display_name or manager_email or "") if manager_id else "",
            level_code=level_code or "",
            level_position=level_position or 0,
            status=status or "",
            is_stale=bool(is_stale),
            shown_count=shown_count or 0,
            last_evidence_on=last_evidence_on,
        )
        for (
            pk,
            display_name,
            email,
            manager_id,
            manager_display_name,
            manager_email,
            level_code,
            level_position,
            status,
            is_stale,
            shown_count,
            last_evidence_on,
        ) in rows
    ]


def rows_for(person_ids):
    """Full rows (person, snapshot, level, manager, team, cases) for `person_ids`, in that
    order: two queries whatever their number."""
    people = User.objects.filter(pk__in=person_ids).select_related(
        "snapshot", "level", "manager", "team"
    )
    by_pk = {person.pk: person for person in people.prefetch_related(open_or_latest_prefetch())}
    return [Row(by_pk[pk], _snapshot(by_pk[pk])) for pk in person_ids if pk in by_pk]


def _snapshot(person):
    # A missing one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(person, "snapshot", None)


def _keep(summary, filters):
    if filters["status"] == "stale" and not summary.is_stale:
        return False
    if filters["status"] in {"ready", "close"} and summary.status != filters["status"]:
        return False
    if filters["level"] and summary.level_code != filters["level"]:
        return False
    return not (filters["manager"] and summary.manager_id != filters["manager"])


def _sort_key(sort):
    if sort == "readiness":
        return lambda s: (STATUS_ORDER.get(s.status, 4), -s.shown_count, s.name)
    if sort == "last_evidence":
        return lambda s: (s.last_evidence_on or date.min, s.name)
    if sort == "level":
        return lambda s: (s.level_position, s.name)
    return lambda s: s.name.lower()


def columns_of(rows):
    """The criteria of everyone's target level, in ladder order of first appearance."""
    names = []
    for row in rows:
        for cell in row.snapshot.cells if row.snapshot else []:
            if cell["name"] not in names:
                names.append(cell["name"])
    return names


def dashboard_page(viewer, filters, *, paginate=True):
    """Everything the page needs but its rows: who is in scope, how many match, the page
    (`shown`: the ids of the people on it, in order) and the filter menus. Filtering and
    sorting work on light summaries of everyone in scope."""
    everyone = summaries_in_scope(viewer, filters["scope"])
    matching = sorted((s for s in everyone if _keep(s, filters)), key=_sort_key(filters["sort"]))
    if filters["scope"] == "org":
        matching.sort(key=lambda s: s.manager_name.lower())  # stable: groups by manager
    size = ORG_PAGE_SIZE if filters["scope"] == "org" else PAGE_SIZE
    pages = max((len(matching) + size - 1) // size, 1)
    page = min(filters["page"], pages)
    shown = matching[(page - 1) * size : page * size] if paginate else matching
    managers = {s.manager_id: s.manager_name for s in everyone if s.manager_id}
    return {
        "shown": [s.pk for s in shown],
        "total": len(everyone),
        "matching": len(matching),
        "page": page,
        "pages": pages,
        "manager_choices": sorted(managers.items(), key=lambda item: item[1].lower()),
        "level_choices": sorted({s.level_code for s in everyone if s.level_code}),
        "person_ids": [s.pk for s in everyone],
    }


def with_rows(page):
    """`page` (dashboard_page's) with the shown people's rows loaded in full, and the
    columns: the criteria of everyone's target level."""
    rows = rows_for(page["shown"])
    columns = columns_of(rows)
    for row in rows:
        by_name = {cell["name"]: cell for cell in (row.snapshot.cells if row.snapshot else [])}
        row.cells = [by_name.get(name) for name in columns]
    return {**page, "rows": rows, "columns": columns}


def dashboard(viewer, filters, *, paginate=True):
    """Everything the page needs: rows (filtered, sorted, one page of them unless
    `paginate` is False, as for CSV), columns, filter menus. Only the rows shown are
    loaded in full."""
    return with_rows(dashboard_page(viewer, filters, paginate=paginate))


def org_counts(viewer, scope, *, today):
    """[(month, ready, close)] of the people in the viewer's `scope` for the last 12
    months (one aggregate)."""
    months = trailing_months(today, 12)
    counts = _COUNTS["org" if scope == "org" else "direct"](manager=viewer.pk, since=months[0])
    table = {(month, status): people for month, status, people in counts}
    return [
        (m, table.get((m, ReadinessStatus.READY), 0), table.get((m, ReadinessStatus.CLOSE), 0))
        for m in months
    ]


def org_chart(counts):
    """How many were ready or close in each month of `counts` (org_counts'), as SVG."""
    chart = LineChart(
        labels=[month.strftime("%b %Y") for month, _, _ in counts],
        series={"Ready": [ready for _, ready, _ in counts], "Close": [c for _, _, c in counts]},
    )
    return chart.svg("People ready or close, month by month")


def csv_rows(data):
    """Header and rows of the current view for promo.web.csv_export.csv_response."""
    header = [
        "Engineer",
        "Manager",
        "Level",
        "Target",
        "Readiness",
        "Stale",
        "Open gaps",
        "Last evidence",
        "Overdue check-ins",
        "Forecast",
        "Candidacy",
        "Target date",
        *data["columns"],
    ]
    rows = []
    for row in data["rows"]:
        snap = row.snapshot
        rows.append(
            [
                str(row.person),
                str(row.person.manager or ""),
                getattr(row.person.level, "code", ""),
                snap.target_label if snap else "",
                row.status_label,
                "yes" if snap and snap.is_stale else "no",
                "; ".join(snap.open_gaps) if snap else "",
                snap.last_evidence_on.isoformat() if snap and snap.last_evidence_on else "",
                snap.overdue_checkins if snap else "",
                row.forecast_line,
                row.candidacy.get_status_display() if row.candidacy else "",
                row.candidacy.target_date.isoformat()
                if row.candidacy and row.candidacy.target_date
                else "",
                *[_cell_text(cell) for cell in row.cells],
            ]
        )
    return header, rows


def _cell_text(cell):
    """A criterion cell in words: the picture's facts, then the rule's sentence."""
    if cell is None:
        return ""
    verdict = "shown" if cell["shown"] else f"not shown ({cell.get('state', 'not shown')})"
    words = [f"{verdict}: {state_words(cell)}", mark_words(cell), cell["sentence"]]
    if cell.get("disagreement"):
        words.append(cell["disagreement"])
    forecast = cell.get("forecast") or {}
    if forecast.get("kind") not in (None, "shown"):
        words.append(" ".join([forecast["sentence"], *forecast["levers"]]))
    return " | ".join(words)
