"""The pages of a promotion cycle for everyone but staff's administration: the cycle
(nominate, or ask to be nominated), a committee's calibration grid, a packet with its
votes and decision, and a candidacy's history across cycles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from promo.audit.services import audit_view
from promo.candidacies.access import reports_of
from promo.committees.access import (
    Need,
    committee_for_viewer,
    committees_of,
    cycle_for_viewer,
    nomination_for_viewer,
)
from promo.committees.forms import DecisionForm, NominateForm, VoteForm
from promo.committees.grid import (
    GridFilters,
    filtered,
    filters_html,
    grid_criteria,
    grid_rows,
    paged,
    with_html,
)
from promo.committees.history import votes_as_seen
from promo.committees.services import (
    nomination_create,
    nomination_decide,
    nomination_request,
    vote_cast,
)
from promo.dashboards.marks import mark_symbols
from promo.models import AuditEntry, Candidacy, Cycle, Nomination
from promo.web.context_processors import roles_for
from promo.web.forms import attempt, attempt_action

NOMINATION = "committees/nomination.html"


@require_GET
def cycles(request):
    rows = Cycle.objects.exclude(status=Cycle.Status.DRAFT).prefetch_related("levels")
    context = {"cycles": rows, "committees": committees_of(request.user)}
    return render(request, "committees/cycles.html", context)


def _nominable(viewer, cycle):
    rows = Candidacy.objects.filter(
        status=Candidacy.Status.PREPARING, target_level__in=cycle.levels.all()
    ).select_related("person", "target_level")
    return rows if viewer.is_staff else rows.filter(person__in=reports_of(viewer))


def _own_candidacy(viewer, cycle):
    return (
        Candidacy.objects.filter(
            person_id=viewer.pk,
            status=Candidacy.Status.PREPARING,
            target_level__in=cycle.levels.all(),
        )
        .exclude(nominations__cycle=cycle)
        .first()
    )


def _cycle_page(request, cycle, nominate_form=None):
    nominable = _nominable(request.user, cycle)
    context = {
        "cycle": cycle,
        "nominate_form": nominate_form or NominateForm(candidacies=nominable),
        "may_nominate": cycle.takes_nominations and nominable.exists(),
        "own_candidacy": _own_candidacy(request.user, cycle) if cycle.takes_nominations else None,
        "requests": Nomination.objects.filter(
            cycle=cycle, nominated_at__isnull=True, candidacy__in=nominable
        ).select_related("candidacy__person"),
        "committees": committees_of(request.user).filter(cycle=cycle),
    }
    return render(request, "committees/cycle.html", context)


@require_GET
def cycle_detail(request, pk):
    return _cycle_page(request, cycle_for_viewer(request.user, pk))


@require_POST
def cycle_nominate(request, pk):
    cycle = cycle_for_viewer(request.user, pk)
    # The choices are the viewer's reports' cases (all cases for staff): anyone else's
    # choice is refused by the form as not one of them.
    form = NominateForm(request.POST, candidacies=_nominable(request.user, cycle))

    def call(data):
        nomination_create(
            cycle=cycle,
            candidacy=data["candidacy"],
            by=request.user,
            endorsement=data["endorsement"],
        )

    if attempt(form, call):
        messages.success(request, "Nominated. The packet is frozen as the case stands today.")
        return redirect("cycle_detail", pk=cycle.pk)
    return _cycle_page(request, cycle, nominate_form=form)


@require_POST
def cycle_request(request, pk):
    cycle = cycle_for_viewer(request.user, pk)
    candidacy = Candidacy.objects.filter(person_id=request.user.pk).open().first()
    if candidacy is None:
        raise PermissionDenied("Open a case first.")
    call = lambda: nomination_request(cycle=cycle, candidacy=candidacy, by=request.user)  # noqa: E731
    if attempt_action(request, call):
        messages.success(request, "Asked your manager to nominate you.")
    return redirect("cycle_detail", pk=cycle.pk)


@require_GET
@vary_on_headers("HX-Request")
def committee_grid(request, pk):
    committee = committee_for_viewer(request.user, pk)
    filters = GridFilters(request.GET or None)
    criteria = grid_criteria(committee)
    rows = grid_rows(committee, request.user, criteria, roles=roles_for(request))
    page = paged(filtered(rows, filters.values()), request.GET)
    rows = with_html(page.rows, criteria)
    context = {
        "committee": committee,
        "criteria": criteria,
        "rows": rows,
        "page": page,
        "filters": filters,
        "mark_symbols": mark_symbols(*(row.html for row in rows)),
    }
    if not request.htmx:
        context["filters_html"] = filters_html(filters)
    template = "committees/grid.html" + ("#grid" if request.htmx else "")
    return render(request, template, context)


def _render_nomination(request, nomination, rights, **forms):
    audit_view(
        viewer=request.user,
        owner=nomination.candidacy.person,
        action=AuditEntry.Action.PACKET_VIEWED,
        target=nomination,
        detail=f"Packet in {nomination.cycle}",
    )
    context = {
        "nomination": nomination,
        "packet": nomination.packet,
        "rights": rights,
        "votes": votes_as_seen(nomination, rights),
        "vote_form": forms.get("vote_form") or VoteForm(nomination=nomination),
        "decision_form": forms.get("decision_form") or DecisionForm(nomination=nomination),
    }
    template = NOMINATION + ("#packet" if request.htmx else "")
    return render(request, template, context)


@require_GET
@vary_on_headers("HX-Request")
def nomination_detail(request, pk):
    nomination, rights = nomination_for_viewer(request.user, pk)
    return _render_nomination(request, nomination, rights)


@require_POST
def nomination_vote(request, pk):
    nomination, rights = nomination_for_viewer(request.user, pk, need=Need.VOTE)
    form = VoteForm(request.POST, nomination=nomination)

    def call(data):
        vote_cast(
            nomination=nomination,
            member=request.user,
            criteria=form.criteria(),
            overall=data["overall"],
            note=data["note"],
        )

    if attempt(form, call):
        messages.success(request, "Your vote is in. The others' votes are shown below.")
        return redirect("nomination_detail", pk=nomination.pk)
    return _render_nomination(request, nomination, rights, vote_form=form)


@require_POST
def nomination_decide_view(request, pk):
    nomination, rights = nomination_for_viewer(request.user, pk, need=Need.DECIDE)
    form = DecisionForm(request.POST, nomination=nomination)

    def call(data):
        nomination_decide(
            nomination=nomination,
            by=request.user,
            decision=data["decision"],
            feedback=form.feedback(),
        )

    if attempt(form, call):
        messages.success(request, "Recorded the decision. The candidate sees it on release.")
        return redirect("nomination_detail", pk=nomination.pk)
    return _render_nomination(request, nomination, rights, decision_form=form)
