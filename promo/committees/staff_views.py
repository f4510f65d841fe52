"""Staff run promotion cycles: open one, name its committees, move it along, release."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from promo.committees.access import cycle_for_staff
from promo.committees.checks import calibration_checks
from promo.committees.forms import CycleForm, MembersForm, ReleaseForm
from promo.committees.release import cycle_release
from promo.committees.services import committee_set_members, cycle_advance, cycle_save
from promo.models import Committee, Cycle
from promo.org.access import require_staff
from promo.web.forms import attempt, attempt_action


def _save(request, form):
    def call(data):
        cycle = form.save(commit=False)
        cycle_save(cycle=cycle, by=request.user, levels=data["levels"])

    return attempt(form, call)


@require_staff
@require_http_methods(["GET", "POST"])
def staff_cycles(request):
    form = CycleForm(request.POST or None)
    if request.method == "POST" and _save(request, form):
        messages.success(request, f"{form.instance.name} is open as a draft. Name its committees.")
        return redirect("staff_cycle", pk=form.instance.pk)
    cycles = Cycle.objects.prefetch_related("levels")
    return render(request, "committees/staff_cycles.html", {"form": form, "cycles": cycles})


def _cycle_page(request, cycle, *, form=None, members_forms=None, release_form=None):
    committees = list(
        Committee.objects.filter(cycle=cycle)
        .select_related("level")
        .prefetch_related("members")
        .order_by("level__position")
    )
    members_forms = members_forms or {}
    for committee in committees:
        committee.form = members_forms.get(committee.pk) or MembersForm(
            prefix=f"c{committee.pk}", initial={"members": list(committee.members.all())}
        )
    context = {
        "cycle": cycle,
        "form": form or CycleForm(instance=cycle),
        "committees": committees,
        "checks": calibration_checks(cycle) if cycle.in_review else [],
        "release_form": release_form or ReleaseForm(),
    }
    return render(request, "committees/staff_cycle.html", context)


@require_staff
@require_http_methods(["GET", "POST"])
def staff_cycle(request, pk):
    cycle = cycle_for_staff(request.user, pk)
    if request.method == "GET":
        return _cycle_page(request, cycle)
    form = CycleForm(request.POST, instance=cycle)
    if _save(request, form):
        messages.success(request, "Saved the cycle.")
        return redirect("staff_cycle", pk=cycle.pk)
    return _cycle_page(request, Cycle.objects.get(pk=cycle.pk), form=form)


@require_staff
@require_POST
def staff_committee_members(request, pk):
    committee = get_object_or_404(Committee.objects.select_related("cycle", "level"), pk=pk)
    form = MembersForm(request.POST, prefix=f"c{committee.pk}")

    def call(data):
        committee_set_members(committee=committee, by=request.user, members=data["members"])

    if attempt(form, call):
        messages.success(request, f"Saved the {committee.level.code} committee.")
        return redirect("staff_cycle", pk=committee.cycle_id)
    return _cycle_page(request, committee.cycle, members_forms={committee.pk: form})


@require_staff
@require_POST
def staff_cycle_advance(request, pk):
    cycle = cycle_for_staff(request.user, pk)
    if attempt_action(request, lambda: cycle_advance(cycle=cycle, by=request.user)):
        messages.success(request, f"{cycle.name} is now: {cycle.get_status_display().lower()}.")
    return redirect("staff_cycle", pk=cycle.pk)


@require_staff
@require_POST
def staff_cycle_release(request, pk):
    cycle = cycle_for_staff(request.user, pk)
    form = ReleaseForm(request.POST)

    def call(data):
        cycle_release(cycle=cycle, by=request.user, accept_warnings=data["accept_warnings"])

    if attempt(form, call):
        messages.success(request, f"Released the decisions of {cycle.name}.")
        return redirect("staff_cycle", pk=cycle.pk)
    return _cycle_page(request, cycle, release_form=form)
