"""Impact check-ins: the list of those due, and recording one."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from promo.models import ImpactCheckIn
from promo.org.forms import CheckInForm
from promo.readiness.calendar import local_today
from promo.readiness.checkins.access import checkin_for_viewer
from promo.readiness.checkins.services import CheckInConflict
from promo.readiness.checkins.services import checkin_record as record_checkin
from promo.web.forms import attempt

UPCOMING_DAYS = 30


@require_GET
@vary_on_headers("HX-Request")
def checkins_due(request):
    today = local_today(timezone.now(), request.user.zone)
    pending = ImpactCheckIn.objects.live().pending().filter(artifact__owner_id=request.user.pk)
    context = {
        "due": ImpactCheckIn.objects.due_for(request.user, today),
        "upcoming": pending.filter(
            due_on__gt=today, due_on__lte=today + timedelta(days=UPCOMING_DAYS)
        ).select_related("artifact"),
        "upcoming_days": UPCOMING_DAYS,
    }
    template = "promo/checkins/due.html"
    if request.htmx:
        template += "#checkins"
    return render(request, template, context)


def _initial(checkin):
    fields = ["outcome", "metric_before", "metric_after", "link", "version"]
    return {name: getattr(checkin, name) for name in fields}


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def checkin_record(request, pk):
    checkin = checkin_for_viewer(request.user, pk, write=True)
    form = CheckInForm(request.POST or None, initial=_initial(checkin))

    def call(data):
        record_checkin(
            checkin=checkin, by=request.user, expected_version=data["version"], **form.answers()
        )

    if request.method == "POST":
        try:
            recorded = attempt(form, call)
        except CheckInConflict as conflict:
            return _conflict_page(request, form, conflict.current)
        if recorded:
            messages.success(request, f"Recorded the check-in on “{checkin.artifact}”.")
            if request.htmx:
                return HttpResponseClientRedirect(reverse("checkins_due"))
            return redirect("checkins_due")
    template = "promo/checkins/record.html"
    if request.htmx:
        template += "#checkin-form"
    return render(request, template, {"form": form, "checkin": checkin})


def _conflict_page(request, form, current):
    """The saved answer beside the one just typed. The form holds the typed answer at the
    current version, so "save mine" replaces the saved one knowingly. A plain post gets the
    page with 409; htmx gets it in place of the form, as a 200 because htmx swaps no 4xx."""
    data = form.data.copy()
    data["version"] = current.version
    retry = CheckInForm(data)
    retry.is_valid()
    context = {"form": retry, "checkin": current, "mine": form.answers()}
    if request.htmx:
        return render(request, "promo/checkins/conflict.html#checkin-form", context)
    return render(request, "promo/checkins/conflict.html", context, status=409)
