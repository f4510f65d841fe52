"""Staff pages for nudges: what was sent or failed, planning now, and thresholds."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from promo.models import NudgeClaim
from promo.nudges.registry import all_thresholds, threshold_values
from promo.nudges.services import nudge_claim_retry, nudge_thresholds_set, nudges_plan_now
from promo.org.access import require_staff


def _posted(request):
    # An empty POST is still a submission (every checkbox unticked), not an unbound form.
    return request.POST if request.method == "POST" else None


@require_staff
@require_GET
def nudges(request):
    status = request.GET.get("status", "")
    rows = NudgeClaim.objects.select_related("person")
    if status in NudgeClaim.Status.values:
        rows = rows.filter(status=status)
    counts = dict(
        NudgeClaim.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    statuses = [(value, label, counts.get(value, 0)) for value, label in NudgeClaim.Status.choices]
    context = {"page": page, "statuses": statuses, "status": status}
    return render(request, "nudges/staff/claims.html", context)


@require_staff
@require_POST
def nudges_plan(request):
    counts = nudges_plan_now()
    total = sum(counts.values())
    messages.success(request, f"Planned now: {total} new nudge{'s' if total != 1 else ''}.")
    return redirect("staff_nudges")


@require_staff
@require_POST
def nudge_retry(request, pk):
    claim = get_object_or_404(NudgeClaim, pk=pk)
    if nudge_claim_retry(claim=claim):
        messages.success(request, f"Nudge {claim.pk} will be sent again.")
    else:
        messages.error(request, f"Nudge {claim.pk} is {claim.get_status_display().lower()}.")
    return redirect("staff_nudges")


class ThresholdsForm(forms.Form):
    def __init__(self, *args, values, **kwargs):
        super().__init__(*args, **kwargs)
        for threshold in all_thresholds():
            self.fields[threshold.key] = forms.IntegerField(
                label=threshold.label,
                min_value=threshold.minimum,
                max_value=threshold.maximum,
                initial=values[threshold.key],
                help_text=f"Default {threshold.default}.",
            )


@require_staff
@require_http_methods(["GET", "POST"])
def nudge_thresholds(request):
    form = ThresholdsForm(_posted(request), values=threshold_values())
    if request.method == "POST" and form.is_valid():
        nudge_thresholds_set(values=form.cleaned_data, by=request.user)
        messages.success(request, "Saved the nudge thresholds.")
        return redirect("staff_nudge_thresholds")
    return render(request, "nudges/staff/thresholds.html", {"form": form})
