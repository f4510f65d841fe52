"""Quick capture: one line from any page, read as you type, saved in one step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from evidence.access import own_artifact_for_owner
from evidence.forms import QuickCaptureForm
from evidence.services import capture_read, quick_capture_undo, taggable_criteria
from evidence.services import quick_capture as capture_save
from promo.web.forms import attempt

PAGE = "evidence/quick_capture.html"
UNDO_TAG = "capture-undo:"  # a message's extra tag: base.html offers Undo for that artifact
# Told to the page with htmx after a capture is saved or undone, so what shows the person's
# evidence (the readiness heatmap) can fetch itself again without a reload.
CAPTURED_EVENT = "evidence-captured"


def _announced(response):
    response["HX-Trigger"] = CAPTURED_EVENT
    return response


def _safe_next(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


def _capture_get(request):
    if request.htmx and "line" in request.GET:
        # The chips preview as the person types.
        line = request.GET["line"][:500]
        capture = capture_read(owner=request.user, line=line) if line.strip() else None
        return render(request, "evidence/_capture_chips.html", {"capture": capture})
    criteria = taggable_criteria(request.user)
    if request.htmx:
        return render(request, PAGE + "#capture-options", {"criteria": criteria})
    line = request.GET.get("line", "")[:500]
    context = {
        "capture_form": QuickCaptureForm(initial={"line": line}),
        "capture": capture_read(owner=request.user, line=line) if line.strip() else None,
        "criteria": criteria,
    }
    return render(request, PAGE, context)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def quick_capture(request):
    """GET: the page (htmx: the `#criterion` completions, or the chips for `?line=`).

    POST: read the line and save it. A line with warnings (an unknown `#tag`, an
    ambiguous `@person`) is shown back with its chips and saved only once confirmed.
    """
    if request.method == "GET":
        return _capture_get(request)
    form = QuickCaptureForm(request.POST)
    context = {"capture_form": form, "capture": None, "saved": None, "confirm_line": ""}
    context["back_to"] = _safe_next(request)

    def call(data):
        capture = capture_read(owner=request.user, line=data["line"])
        context["capture"] = capture
        if capture.warnings and data["confirmed_line"] != data["line"]:
            context["confirm_line"] = data["line"]
            return
        context["saved"] = capture_save(owner=request.user, capture=capture)

    attempt(form, call, field="line")
    if request.htmx:
        response = render(request, PAGE + "#quick-capture", context)
        return _announced(response) if context["saved"] else response
    if context["saved"]:
        return _back_after_saving(request, context["saved"])
    context["criteria"] = taggable_criteria(request.user)
    return render(request, PAGE, context)


def _back_after_saving(request, artifact):
    """Without JavaScript: back to the page the line was typed on (never off-site), with
    the confirmation and its Undo button as a one-time message, so a reload posts nothing."""
    kind = "a draft" if artifact.is_draft else "evidence"
    messages.success(
        request, f"Saved “{artifact.title}” as {kind}.", extra_tags=f"{UNDO_TAG}{artifact.pk}"
    )
    return redirect(_safe_next(request) or reverse("evidence_detail", args=[artifact.pk]))


@require_POST
@vary_on_headers("HX-Request")
def capture_undo(request, pk):
    """Move a capture made moments ago to the trash; only its owner, only for 10 s."""
    artifact = own_artifact_for_owner(request.user, pk)
    try:
        quick_capture_undo(artifact=artifact, by=request.user)
    except ValidationError as error:
        notice, undone = " ".join(error.messages), False
    else:
        notice, undone = f"Undone: “{artifact.title}” is in your trash.", True
    if request.htmx:
        # The swapped line says it, where the person is looking.
        context = {"capture_form": QuickCaptureForm(), "undo_notice": notice}
        context["back_to"] = _safe_next(request)
        response = render(request, PAGE + "#quick-capture", context)
        return _announced(response) if undone else response
    if undone:
        messages.success(request, notice)
        return redirect(_safe_next(request) or "evidence_list")
    messages.error(request, notice)
    return redirect("evidence_detail", pk=artifact.pk)
