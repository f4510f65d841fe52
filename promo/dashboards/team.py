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

from promo.charts import LineChart, Sparkline
from promo.models import ReadinessMonth, ReadinessStatus, User
from promo.org import people_below_ids
from promo.readiness.calendar import trailing_months

SCOPES = [("direct", "Direct reports"), ("org", "Whole org below me")]
STATUS_FILTERS = [("", "Everyone"), ("ready", "Ready"), ("close", "Close"), ("stale", "Stale")]
SORTS = [
    ("name", "Name"),
    ("readiness", "Readiness"),
    ("last_evidence", "Last evidence (oldest first)"),
    ("level", "Level"),
]
STATUS_ORDER = {"ready": 0, "close": 1, "building": 2, "no_ladder": 3, "": 4}


class DashboardFilters(forms.Form):
    """The dashboard's filters, read from the URL so a view can be shared and exported."""

    scope = forms.ChoiceField(choices=SCOPES, required=False)
    status = forms.ChoiceField(choices=STATUS_FILTERS, required=False, label="Show")
    level = forms.CharField(required=False, max_length=20)
    manager = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(choices=SORTS, required=False)

    def values(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "scope": data.get("scope") or "direct",
            "status": data.get("status") or "",
            "level": data.get("level") or "",
            "manager": data.get("manager"),
            "sort": data.get("sort") or "name",
        }


@dataclass
class Row:
    person: object
    snapshot: object  # ReadinessSnapshot or None before the first computation
    cells: list = field(default_factory=list)  # aligned with the dashboard's columns

    @property
    def status(self):
        return self.snapshot.status if self.snapshot else ""

    @property
    def status_label(self):
        if self.snapshot is None:
            return "Not computed yet"
        return ReadinessStatus(self.snapshot.status).label

    def sparkline(self):
        if self.snapshot is None or not self.snapshot.months:
            return ""
        spark = Sparkline(values=self.snapshot.strong_by_month, labels=self.snapshot.months)
        return spark.svg(f"Strong evidence per month for {self.person}")


def people_in_scope(viewer, scope):
    """The people the dashboard covers, with snapshot, level, manager and team loaded."""
    if scope == "org":
        people = User.objects.filter(pk__in=people_below_ids(viewer.pk))
    else:
        people = User.objects.filter(manager_id=viewer.pk)
    return list(
        people.select_related("snapshot", "level", "manager", "team").order_by(
            "display_name", "email"
        )
    )


def _snapshot(person):
    # A missing one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(person, "snapshot", None)


def _keep(row, filters):
    snapshot = row.snapshot
    if filters["status"] == "stale" and not (snapshot and snapshot.is_stale):
        return False
    if filters["status"] in {"ready", "close"} and row.status != filters["status"]:
        return False
    if filters["level"] and getattr(row.person.level, "code", "") != filters["level"]:
        return False
    return not (filters["manager"] and row.person.manager_id != filters["manager"])


def _sort_key(sort):
    if sort == "readiness":
        return lambda row: (STATUS_ORDER.get(row.status, 4), -_shown(row), str(row.person))
    if sort == "last_evidence":
        return lambda row: (_last(row) or date.min, str(row.person))
    if sort == "level":
        return lambda row: (getattr(row.person.level, "position", 0), str(row.person))
    return lambda row: str(row.person).lower()


def _shown(row):
    return row.snapshot.shown_count if row.snapshot else 0


def _last(row):
    return row.snapshot.last_evidence_on if row.snapshot else None


def columns_of(rows):
    """The criteria of everyone's target level, in ladder order of first appearance."""
    names = []
    for row in rows:
        for cell in row.snapshot.cells if row.snapshot else []:
            if cell["name"] not in names:
                names.append(cell["name"])
    return names


def dashboard(viewer, filters):
    """Everything the page needs: rows (filtered and sorted), columns, filter menus."""
    people = people_in_scope(viewer, filters["scope"])
    every = [Row(person, _snapshot(person)) for person in people]
    rows = sorted((row for row in every if _keep(row, filters)), key=_sort_key(filters["sort"]))
    if filters["scope"] == "org":
        rows.sort(key=lambda row: str(row.person.manager or "").lower())  # stable: groups
    columns = columns_of(rows)
    for row in rows:
        by_name = {cell["name"]: cell for cell in (row.snapshot.cells if row.snapshot else [])}
        row.cells = [by_name.get(name) for name in columns]
    managers = {p.manager_id: p.manager for p in people if p.manager_id}
    levels = sorted({p.level.code for p in people if p.level_id})
    return {
        "rows": rows,
        "columns": columns,
        "total": len(every),
        "manager_choices": sorted(managers.values(), key=lambda m: str(m).lower()),
        "level_choices": levels,
        "person_ids": [p.pk for p in people],
    }


def org_over_time(person_ids, *, today):
    """How many of `person_ids` were ready or close in each of the last 12 months (SVG)."""
    months = trailing_months(today, 12)
    counts = (
        ReadinessMonth.objects.filter(
            person_id__in=person_ids,
            month__gte=months[0],
            status__in=[ReadinessStatus.READY, ReadinessStatus.CLOSE],
        )
        .values_list("month", "status")
        .annotate(people=Count("id"))
        .order_by()
    )
    table = {(month, status): people for month, status, people in counts}
    chart = LineChart(
        labels=[month.strftime("%b %Y") for month in months],
        series={
            "Ready": [table.get((m, ReadinessStatus.READY), 0) for m in months],
            "Close": [table.get((m, ReadinessStatus.CLOSE), 0) for m in months],
        },
    )
    return chart.svg("People ready or close, month by month")


def csv_rows(data):
    """Header and rows of the current view for promo.csv_export.csv_response."""
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
                snap.candidacy_status if snap else "",
                snap.target_date.isoformat() if snap and snap.target_date else "",
                *[_cell_text(cell) for cell in row.cells],
            ]
        )
    return header, rows


def _cell_text(cell):
    if cell is None:
        return ""
    verdict = "shown" if cell["shown"] else "not shown"
    return f"{verdict}: {cell['consistency']}; {cell['recency']}; {cell['impact']}"
