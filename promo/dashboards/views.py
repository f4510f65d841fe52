"""My team (a manager's reports and their cases) and Mentoring (a mentor's mentees)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from promo.audit.services import audit_views_of_many
from promo.candidacies.access import reports_of
from promo.candidacies.forms import OpenCandidacyForm
from promo.candidacies.queries import mentee_cases_of
from promo.candidacies.services import candidacy_open
from promo.dashboards.access import report_for_viewer
from promo.dashboards.marks import mark_symbols
from promo.dashboards.rows import render_rows
from promo.dashboards.section import SECTION, dashboard_section_html
from promo.dashboards.snapshots import CLOSE_DEFINITION, STALE_DEFINITION
from promo.dashboards.team import (
    SCOPES,
    SORTS,
    STATUS_FILTERS,
    DashboardFilters,
    Row,
    csv_rows,
    dashboard,
    dashboard_page,
    mark,
    org_chart,
    org_counts,
    with_rows,
)
from promo.models import AuditEntry
from promo.web.context_processors import roles_for
from promo.web.csv_export import csv_response
from promo.web.forms import attempt


def _with(query, **values):
    query = query.copy()
    query.pop("page", None)
    for key, value in values.items():
        query[key] = value
    return query.urlencode()


@require_GET
@vary_on_headers("HX-Request")
def team(request):
    """The readiness dashboard of the people below the manager (direct reports, or the
    whole org with ?scope=org); htmx gets the dashboard alone when a filter changes. The
    page shows the open-a-case form's errors only after a POST (team_open_case), so a GET
    reads nobody for it: the people below come from the summaries."""
    return _dashboard_page(request, form=None)


@require_GET
def team_csv(request):
    """The dashboard's people as CSV, every page of them, under the same filters."""
    filters = DashboardFilters(request.GET).values()
    data = dashboard(request.user, filters, paginate=False)
    header, rows = csv_rows(data)
    audit_views_of_many(
        viewer=request.user,
        owners=[row.person for row in data["rows"]],
        action=AuditEntry.Action.EVIDENCE_EXPORTED,
        detail="My team CSV",
    )
    return csv_response(f"team-{filters['scope']}.csv", header, rows)


@require_POST
def team_open_case(request):
    """Open a case from a row of the dashboard; the person must be below the viewer."""
    form = OpenCandidacyForm(request.POST, people=reports_of(request.user))
    opened = {}

    def call(data):
        opened["candidacy"] = candidacy_open(
            person=data["person"],
            by=request.user,
            target_level=data["target_level"],
            target_date=data["target_date"],
        )

    if attempt(form, call):
        candidacy = opened["candidacy"]
        messages.success(request, f"Opened a case for {candidacy.person}.")
        return redirect("candidacy_detail", candidacy.pk)
    return _dashboard_page(request, form)


def _dashboard_page(request, form):
    filters = DashboardFilters(request.GET).values()
    page = dashboard_page(request.user, filters)
    counts = org_counts(request.user, filters["scope"], today=timezone.localdate())

    def draw():
        data = with_rows(page)
        render_rows(data["rows"], data["columns"])
        context = {
            **data,
            "mark_symbols": mark_symbols(*(row.html for row in data["rows"])),
            "filters": filters,
            "csv_query": _with(request.GET),
            "previous_query": _with(request.GET, page=data["page"] - 1),
            "next_query": _with(request.GET, page=data["page"] + 1),
            "chart": org_chart(counts),
            "close_definition": CLOSE_DEFINITION,
            "stale_definition": STALE_DEFINITION,
        }
        return render_to_string(SECTION, context)

    section = dashboard_section_html(request, filters, page, counts, draw)
    if request.htmx:
        return HttpResponse(section)
    context = {
        **page,
        "dashboard_section": section,
        "form": form,
        "filters": filters,
        "scopes": SCOPES,
        "status_filters": STATUS_FILTERS,
        "sorts": SORTS,
    }
    return render(request, "promo/candidacy/team.html", context)


@require_GET
@vary_on_headers("HX-Request")
def team_why(request, pk, position=None):
    """Why a row of My team says what it says: its readiness sentence and forecast, or
    with `position` one criterion's sentence. The dashboard sends the words on request:
    htmx puts them in the cell that was selected, as an open <details>; without
    JavaScript this is a page of its own. Like the dashboard, not an audited read."""
    person = report_for_viewer(request.user, pk)
    row = Row(person, person.snapshot)
    cells = person.snapshot.cells
    if position is not None and not 1 <= position <= len(cells):
        raise Http404("No such criterion.")
    chosen = mark(cells[position - 1], position) if position else None
    context = {"person": person, "row": row, "snap": person.snapshot, "mark": chosen}
    template = "promo/candidacy/team_why.html"
    if chosen:
        context["mark_symbols"] = mark_symbols(chosen["svg"])
    if request.htmx:
        template += "#criterion" if chosen else "#readiness"
    return render(request, template, context)


@require_GET
def mentoring(request):
    """The cases of the engineers the viewer mentors now, by current assignment."""
    # The navigation asks whether the viewer mentors anyone on every page anyway; with no
    # mentees, that answer is the whole page and the joined query below is skipped.
    people = mentee_cases_of(request.user) if roles_for(request)[1] else []
    return render(request, "promo/candidacy/mentoring.html", {"people": people})
