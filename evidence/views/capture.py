"""Quick capture: one line from any page, saved at once as a draft."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from evidence.forms import QuickCaptureForm
from evidence.services import quick_capture as capture
from evidence.services import taggable_criteria
from promo.web.forms import attempt


def _back(request, artifact):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("evidence_detail", pk=artifact.pk)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def quick_capture(request):
    """GET: the form page (htmx: the `#criterion` completions). POST: save a draft."""
    template = "evidence/quick_capture.html"
    form = QuickCaptureForm(request.POST or None)
    # Read only when a template shows them: the htmx POST answers with the form alone, and
    # finding the criteria (the person's target level first) was three of its queries.
    criteria = SimpleLazyObject(lambda: taggable_criteria(request.user))
    context = {"capture_form": form, "criteria": criteria, "saved": None}
    if request.method == "GET":
        if request.htmx:
            template += "#capture-options"
        return render(request, template, context)

    def call(data):
        context["saved"] = capture(owner=request.user, line=data["line"])

    attempt(form, call, field="line")
    if context["saved"] and not request.htmx:
        messages.success(request, f"Saved “{context['saved'].title}” as a draft.")
        return _back(request, context["saved"])
    if context["saved"]:
        context["capture_form"] = QuickCaptureForm()
    if request.htmx:
        template += "#quick-capture"
    return render(request, template, context)
