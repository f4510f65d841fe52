"""The audit log as people see it: who viewed my case, and the staff search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from promo.audit.search import AuditSearchForm, search_audit_log, with_target_names
from promo.models import AuditEntry
from promo.org.access import require_staff

PAGE_SIZE = 50


@require_GET
@vary_on_headers("HX-Request")
def case_viewers(request):
    """Managers, mentors and staff who opened or exported the signed-in person's things."""
    rows = AuditEntry.objects.views_of(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    with_target_names(page, request.user)
    template = "promo/case_viewers.html"
    if request.htmx:
        template += "#viewers"
    return render(request, template, {"page": page})


@require_staff
@require_GET
@vary_on_headers("HX-Request")
def staff_audit(request):
    form = AuditSearchForm(request.GET or None)
    rows = AuditEntry.objects.none()
    if not form.is_bound:
        rows = AuditEntry.objects.all()
    elif form.is_valid():
        rows = search_audit_log(form.cleaned_data, zone=request.user.zone)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    with_target_names(page, request.user)
    template = "promo/staff/audit.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "page": page})
