"""The personal export: asked for from the profile page, packed by a worker while the page
polls, downloaded by its owner for 24 hours. Staff export the organisation the same way,
from their own page; its progress and download are the same pages."""

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from promo.org.access import require_staff
from promo.portability.access import downloadable_export, export_for_owner
from promo.portability.models import PersonalExport
from promo.portability.services import organisation_export_request, personal_export_request


@require_POST
def export_new(request):
    export = personal_export_request(person=request.user)
    return redirect("portability_export", export.pk)


@vary_on_headers("HX-Request")
@require_GET
def export_status(request, pk):
    export = export_for_owner(request.user, pk)
    template = "portability/export.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"export": export})


@require_GET
def export_download(request, pk):
    export = downloadable_export(request.user, pk)
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)


@require_staff
@require_http_methods(["GET", "POST"])
def staff_export(request):
    if request.method == "POST":
        export = organisation_export_request(by=request.user)
        return redirect("portability_export", export.pk)
    exports = PersonalExport.objects.filter(
        person=request.user, scope=PersonalExport.Scope.ORGANISATION
    )[:5]
    return render(request, "portability/staff_export.html", {"exports": exports})
