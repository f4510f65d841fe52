"""The personal export: asked for from the profile page, packed by a worker while the page
polls, downloaded by its owner for 24 hours. Staff export the organisation the same way,
from their own page; its progress and download are the same pages. Staff import an
organisation export into an empty promo from a page of its own."""

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from promo.org.access import require_staff
from promo.portability.access import downloadable_export, export_for_owner
from promo.portability.archive import ArchiveError
from promo.portability.forms import OrganisationImportForm
from promo.portability.models import PersonalExport
from promo.portability.org_import import organisation_import
from promo.portability.services import organisation_export_request, personal_export_request
from promo.web.body_limits import accepts_body_up_to


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


def import_size_advice():
    return "Import a file this large on the server: python manage.py import_org FILE.zip."


@accepts_body_up_to("PORTABILITY_IMPORT_REQUEST_MAX_BYTES", advice=import_size_advice)
@require_staff
@require_http_methods(["GET", "POST"])
def staff_import(request):
    posted = request.method == "POST"
    form = (
        OrganisationImportForm(request.POST, request.FILES) if posted else OrganisationImportForm()
    )
    report = refusal = None
    if posted and form.is_valid():
        with form.zip as archive:
            try:
                report = organisation_import(
                    document=form.document, archive=archive, by=request.user
                )
            except ArchiveError as error:
                refusal = error
    limit = settings.PORTABILITY_IMPORT_MAX_BYTES
    context = {"form": form, "report": report, "refusal": refusal, "limit": limit}
    return render(request, "portability/staff_import.html", context)
