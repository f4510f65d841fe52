"""Exports of a shared version: Markdown, a print-ready page, and a PDF made in the background."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from promo.audit.services import audit_view
from promo.models import AuditEntry
from reviews import export, services
from reviews.access import export_for_viewer, version_for_viewer


def _audit_export(request, version, how):
    audit_view(
        viewer=request.user,
        owner=version.document.owner,
        action=AuditEntry.Action.DRAFT_EXPORTED,
        target=version.document,
        detail=f"Version {version.number} as {how}",
    )


@require_GET
def markdown(request, pk, number):
    version = version_for_viewer(request.user, pk, number)
    _audit_export(request, version, "Markdown")
    response = HttpResponse(
        export.as_markdown(version, request.user), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="promo-doc-v{version.number}.md"'
    return response


@require_GET
def print_page(request, pk, number):
    version = version_for_viewer(request.user, pk, number)
    _audit_export(request, version, "a print page")
    numbers, entries = export.appendix(version, request.user)
    context = {
        "document": version.document,
        "version": version,
        "sections": export.export_sections(version, numbers, request.user),
        "entries": [(entry, export.entry_lines(entry)) for entry in entries],
    }
    return render(request, "reviews/print.html", context)


@require_POST
def pdf(request, pk, number):
    version = version_for_viewer(request.user, pk, number)
    job = services.version_export_request(version=version, by=request.user)
    return redirect("reviews_export", job.pk)


@vary_on_headers("HX-Request")
@require_GET
def export_status(request, pk):
    job = export_for_viewer(request.user, pk)
    template = "reviews/export.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job, "version": job.version})


@require_GET
def download(request, pk):
    job = export_for_viewer(request.user, pk)
    if job.status != job.Status.DONE:
        raise Http404("This PDF is not ready.")
    _audit_export(request, job.version, "PDF")
    response = HttpResponse(bytes(job.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
