"""Brag-doc import pages: paste or upload, preview every win, untick, confirm.

Nothing is written before the confirmation. The preview sends the document back signed
(forms.preview_signature), and the confirmation re-reads it on the server: the wins, their
dates and tags come from promo's own reading, never from what the browser posts.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_http_methods, require_POST

from promo.integrations.bragdoc.forms import (
    MAX_BYTES,
    BragDocForm,
    ConfirmForm,
    preview_signature,
)
from promo.integrations.bragdoc.services import bragdoc_import, bragdoc_read
from promo.web.body_limits import accepts_body_up_to
from promo.web.forms import attempt

PAGE = "integrations/bragdoc.html"


def _too_large():
    limit = filesizeformat(MAX_BYTES)
    return f"A brag document can be at most {limit}: split it and import each part."


def _preview(owner, text, doc, *, ticked=None):
    """The preview of `doc`, with the form to edit its text and the signed confirmation."""
    signature = preview_signature(owner, text)
    return {
        "form": BragDocForm(initial={"text": text}),
        "doc": doc,
        # No ids: the text field beside it owns id_text and its label.
        "confirm": ConfirmForm(
            owner=owner, initial={"text": text, "signature": signature}, auto_id=False
        ),
        "ticked": {win.key for win in doc.offered} if ticked is None else ticked,
    }


@require_http_methods(["GET", "POST"])
@accepts_body_up_to("MAX_REQUEST_BYTES", advice=_too_large)
def bragdoc_import_view(request):
    """GET: paste or upload a document. POST: read it and show every win found; nothing
    is saved. A document promo cannot read comes back with its text and the reason."""
    if request.method == "GET":
        return render(request, PAGE, {"form": BragDocForm()})
    form = BragDocForm(request.POST, request.FILES)
    context = {"form": form}

    def read(data):
        doc = bragdoc_read(owner=request.user, text=data["document"])
        context.update(_preview(request.user, data["document"], doc))

    attempt(form, read, field="text")
    return render(request, PAGE, context)


@require_POST
@accepts_body_up_to("MAX_REQUEST_BYTES", advice=_too_large)
def bragdoc_import_confirm(request):
    """Import the ticked wins of the signed document, then show them on the evidence list."""
    confirm = ConfirmForm(request.POST, owner=request.user)
    if not confirm.is_valid():
        form = BragDocForm(initial={"text": request.POST.get("text", "")})
        return render(request, PAGE, {"form": form, "errors": confirm.non_field_errors()})
    text = confirm.cleaned_data["text"]
    try:
        doc = bragdoc_read(owner=request.user, text=text)
    except ValidationError as error:
        form = BragDocForm(initial={"text": text})
        return render(request, PAGE, {"form": form, "errors": error.messages})
    ticked = set(request.POST.getlist("win")) & {win.key for win in doc.offered}
    if not ticked:
        context = _preview(request.user, text, doc, ticked=set())
        context["errors"] = ["Tick at least one win to import it."]
        return render(request, PAGE, context)
    artifacts = bragdoc_import(owner=request.user, doc=doc, keys=ticked)
    messages.success(request, _imported_message(artifacts))
    return redirect("evidence_list")


def _imported_message(artifacts):
    if not artifacts:
        return "Those wins were imported already, so nothing new was added."
    drafts = sum(artifact.is_draft for artifact in artifacts)
    counted = len(artifacts) - drafts
    parts = []
    if counted:
        parts.append(f"{counted} as evidence")
    if drafts:
        parts.append(f"{drafts} as draft{'s' if drafts != 1 else ''} to tag and finish")
    count = len(artifacts)
    return f"Imported {count} win{'s' if count != 1 else ''} from your brag document: " + (
        " and ".join(parts) + "."
    )
