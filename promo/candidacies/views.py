"""A candidacy's page (My case, or someone's case for their manager and mentors) and its
in-place edits. Each edit answers htmx with the section it changed, and a plain form
post with a redirect back to the page (or the page again, with the errors)."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from promo.audit.services import audit_view
from promo.candidacies.access import (
    Need,
    candidacy_for_viewer,
    case_prefetches,
    earlier_candidacies_for,
    gap_for_viewer,
    latest_candidacy_for,
    rights_over,
    with_case_relations,
)
from promo.candidacies.case_body import BODY, case_body_html
from promo.candidacies.forms import (
    GapCloseForm,
    GapForm,
    OpenCandidacyForm,
    OutcomeForm,
    SubmitForm,
    TargetDateForm,
)
from promo.candidacies.queries import criteria_rows_for
from promo.candidacies.services import (
    candidacy_open,
    candidacy_record_outcome,
    candidacy_resubmit,
    candidacy_set_target_date,
    candidacy_submit,
    gap_add,
    gap_close,
)
from promo.models import AuditEntry, Candidacy
from promo.readiness.section import readiness_section
from promo.web.forms import attempt, attempt_action

CASE = "promo/candidacy/case.html"


def _case_context(request, candidacy, rights, forms):
    """What the page knows without reading the case's details; _with_details adds them."""
    return {
        "candidacy": candidacy,
        "person": candidacy.person,
        "rights": rights,
        "is_own": candidacy.person_id == request.user.pk,
        "forms": forms,
        "open_form": forms.get("open_form"),
    }


def _with_details(context):
    candidacy, forms = with_case_relations(context["candidacy"]), context["forms"]
    prefetch_related_objects([candidacy], *case_prefetches())
    return {
        **context,
        "candidacy": candidacy,
        "person": candidacy.person,
        "rows": criteria_rows_for(candidacy),
        "submissions": candidacy.submissions.all(),
        "pending_nomination": _pending_nomination(candidacy),
        "earlier": earlier_candidacies_for(candidacy.person, candidacy),
        "gap_form": forms.get("gap_form") or GapForm(candidacy=candidacy),
        "close_form": forms.get("close_form"),
        "close_gap_id": forms.get("close_gap_id"),
        "target_date_form": forms.get("target_date_form")
        or TargetDateForm(initial={"target_date": candidacy.target_date}),
        "submit_form": forms.get("submit_form") or SubmitForm(),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
    }


def _pending_nomination(candidacy):
    """The promotion cycle's nomination behind the pending submission, if any: its
    committee, not this page, records that outcome."""
    pending = next((s for s in candidacy.submissions.all() if s.is_pending), None)
    return getattr(pending, "nomination", None)


def _render_case(request, candidacy, rights, part=None, **forms):
    context = _case_context(request, candidacy, rights, forms)
    if part and request.htmx:
        return render(request, f"{CASE}#{part}", _with_details(context))
    audit_view(
        viewer=request.user,
        owner=candidacy.person,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        target=candidacy,
        detail="Case page",
    )
    if candidacy.is_open:
        context.update(readiness_section(candidacy.person, request.user, show_gaps=False))
    if _unbound(forms):
        context["case_body"] = case_body_html(request, candidacy, rights, context, _with_details)
    else:  # a form shown again with its errors and what was typed: drawn afresh
        context["case_body"] = render_to_string(BODY, _with_details(context), request=request)
    return render(request, CASE, context)


def _unbound(forms):
    return not any(getattr(form, "is_bound", False) for form in forms.values())


def _render_no_case(request, open_form=None):
    can_open = request.user.level_id is not None and request.user.level.next_level() is not None
    context = {"open_form": open_form or OpenCandidacyForm(), "can_open": can_open}
    context.update(readiness_section(request.user, request.user))
    return render(request, "promo/candidacy/no_case.html", context)


@require_GET
def case(request):
    """My case: the signed-in engineer's open candidacy, else their latest one."""
    candidacy = latest_candidacy_for(request.user)
    if candidacy is None:
        return _render_no_case(request)
    forms = {}
    if candidacy.status == Candidacy.Status.PROMOTED and request.user.level.next_level():
        forms["open_form"] = OpenCandidacyForm()
    return _render_case(request, candidacy, rights_over(request.user, candidacy), **forms)


@require_POST
def case_open(request):
    form = OpenCandidacyForm(request.POST)
    user = request.user

    def call(data):
        candidacy_open(
            person=user, by=user, target_level=data["target_level"], target_date=data["target_date"]
        )

    if attempt(form, call):
        messages.success(request, "Your case is open. Add the gaps you know of.")
        return redirect("case")
    current = latest_candidacy_for(user)
    if current is None:
        return _render_no_case(request, form)
    return _render_case(request, current, rights_over(user, current), open_form=form)


@require_GET
@vary_on_headers("HX-Request")
def candidacy_detail(request, pk):
    candidacy, rights = candidacy_for_viewer(request.user, pk)
    return _render_case(request, candidacy, rights)


@require_POST
@vary_on_headers("HX-Request")
def candidacy_target_date(request, pk):
    candidacy, rights = candidacy_for_viewer(request.user, pk, need=Need.PREPARE)
    form = TargetDateForm(request.POST)

    def call(data):
        candidacy_set_target_date(
            candidacy=candidacy, by=request.user, target_date=data["target_date"]
        )

    if attempt(form, call) and not request.htmx:
        return redirect(candidacy_detail_url(candidacy, request.user))
    return _render_case(request, candidacy, rights, "target-date", target_date_form=form)


@require_POST
@vary_on_headers("HX-Request")
def candidacy_gap_add(request, pk):
    candidacy, rights = candidacy_for_viewer(request.user, pk, need=Need.GAPS)
    form = GapForm(request.POST, candidacy=candidacy)

    def call(data):
        gap_add(
            candidacy=candidacy,
            by=request.user,
            criterion=data["criterion"],
            text=data["text"],
            submission=data.get("submission"),
        )

    if attempt(form, call):
        if not request.htmx:
            return redirect(candidacy_detail_url(candidacy, request.user))
        form = None  # a fresh, empty form for the next gap
    return _render_case(request, candidacy, rights, "gaps", gap_form=form)


@require_POST
@vary_on_headers("HX-Request")
def gap_close_view(request, pk):
    gap, rights = gap_for_viewer(request.user, pk)
    form = GapCloseForm(request.POST)
    ok = attempt(form, lambda data: gap_close(gap=gap, by=request.user, note=data["note"]))
    if ok and not request.htmx:
        return redirect(candidacy_detail_url(gap.candidacy, request.user))
    forms = {} if ok else {"close_form": form, "close_gap_id": gap.pk}
    return _render_case(request, gap.candidacy, rights, "gaps", **forms)


@require_POST
def candidacy_submit_view(request, pk):
    candidacy, rights = candidacy_for_viewer(request.user, pk, need=Need.DECIDE)
    form = SubmitForm(request.POST)

    def call(data):
        candidacy_submit(candidacy=candidacy, by=request.user, submitted_on=data["submitted_on"])

    if attempt(form, call):
        messages.success(request, f"Recorded the submission of {candidacy.person}'s case.")
        return redirect(candidacy_detail_url(candidacy, request.user))
    return _render_case(request, candidacy, rights, submit_form=form)


@require_POST
def candidacy_outcome(request, pk):
    candidacy, rights = candidacy_for_viewer(request.user, pk, need=Need.DECIDE)
    form = OutcomeForm(request.POST)

    def call(data):
        candidacy_record_outcome(
            candidacy=candidacy,
            by=request.user,
            outcome=data["outcome"],
            feedback=data["feedback"],
            decided_on=data["decided_on"],
        )

    if attempt(form, call):
        messages.success(request, "Recorded the committee's decision.")
        return redirect(candidacy_detail_url(candidacy, request.user))
    return _render_case(request, candidacy, rights, outcome_form=form)


@require_POST
def candidacy_resubmit_view(request, pk):
    candidacy, _ = candidacy_for_viewer(request.user, pk, need=Need.PREPARE)
    if attempt_action(request, lambda: candidacy_resubmit(candidacy=candidacy, by=request.user)):
        messages.success(request, "The case is being prepared again; close the gaps first.")
    return redirect(candidacy_detail_url(candidacy, request.user))


def candidacy_detail_url(candidacy, viewer):
    """The engineer's own case lives at My case; everyone else uses the candidacy's page."""
    if candidacy.person_id == viewer.pk and candidacy.is_open:
        return reverse("case")
    return reverse("candidacy_detail", args=[candidacy.pk])
