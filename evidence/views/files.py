"""Attachments: uploaded through the storage API, served only after an access check."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_GET, require_POST

from evidence.access import artifact_for_viewer
from evidence.attachments import attachment_add, attachment_remove
from evidence.forms import AttachmentForm
from promo.audit.services import audit_view
from promo.models import AuditEntry
from promo.web.body_limits import accepts_body_up_to
from promo.web.forms import attempt_action


def size_advice():
    limit = filesizeformat(settings.EVIDENCE_ATTACHMENT_MAX_BYTES)
    return f"An attachment can be at most {limit}. Link to a larger file instead."


@require_POST
@accepts_body_up_to("ATTACHMENT_REQUEST_MAX_BYTES", advice=size_advice)
def evidence_attach(request, pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a file to attach.")
        return redirect("evidence_detail", pk=artifact.pk)

    def call():
        upload = form.cleaned_data["file"]
        attachment = attachment_add(artifact=artifact, upload=upload, by=request.user)
        messages.success(request, f"Attached “{attachment.original_name}”.")

    attempt_action(request, call)
    return redirect("evidence_detail", pk=artifact.pk)


@require_GET
def evidence_attachment(request, pk, attachment_pk):
    artifact = artifact_for_viewer(request.user, pk)
    attachment = get_object_or_404(artifact.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is gone from storage.") from missing
    audit_view(
        viewer=request.user,
        owner=artifact.owner,
        action=AuditEntry.Action.EVIDENCE_EXPORTED,
        target=artifact,
        detail=f"Downloaded attachment #{attachment.pk}",
    )
    # Always a download with the type we chose at upload: never rendered as a page.
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
def evidence_attachment_remove(request, pk, attachment_pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    attachment = get_object_or_404(artifact.attachments, pk=attachment_pk)
    attachment_remove(attachment=attachment)
    messages.success(request, f"Removed “{attachment.original_name}”.")
    return redirect("evidence_detail", pk=artifact.pk)
