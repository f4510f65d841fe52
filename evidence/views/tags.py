"""Inline tagging: the panel on an artifact's page, served whole or as an htmx partial."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from evidence.access import artifact_for_viewer
from evidence.forms import RetagForm, TagForm
from evidence.models import ArtifactTag
from evidence.queries import tagging_context
from evidence.services import (
    UNKNOWN,
    artifact_retag,
    artifact_tag,
    artifact_untag,
    taggable_criteria,
)
from promo.candidacies.targets import target_level_for
from promo.web.forms import attempt


def tag_panel_context(
    request, artifact, form=None, retag_error=None, *, target=UNKNOWN, expectations=None
):
    """Everything the tagging panel needs; ?criterion=<id> shows what it expects.
    `target`, `expectations`: the owner's target level and its expectations, if the
    caller has looked them up already (evidence.queries.tagging_context)."""
    if target is UNKNOWN:
        target = target_level_for(artifact.owner)
    criteria = taggable_criteria(artifact.owner, target=target)
    selected = None
    chosen = request.GET.get("criterion", "")
    if chosen.isdigit():
        selected = criteria.filter(pk=chosen).first()
    initial = {
        "criterion": selected,
        "strength": request.GET.get("strength") or ArtifactTag.Strength.SIGNAL,
        "rationale": request.GET.get("rationale", ""),
    }
    form = form or TagForm(initial=initial, criteria=criteria)
    return {
        "artifact": artifact,
        "tag_form": form,
        "retag_error": retag_error,
        **tagging_context(artifact, selected, target=target, expectations=expectations),
    }


def _panel(request, artifact, form=None, retag_error=None):
    context = tag_panel_context(request, artifact, form, retag_error)
    template = "evidence/tags.html"
    if request.htmx:
        template += "#tags"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def evidence_tags(request, pk):
    """GET: the panel (with ?criterion=<id> showing what it expects). POST: add a tag."""
    artifact = artifact_for_viewer(request.user, pk, write=True)
    if request.method == "GET":
        return _panel(request, artifact)
    form = TagForm(request.POST, criteria=taggable_criteria(artifact.owner))
    if not attempt(form, lambda data: artifact_tag(artifact=artifact, **data), field="criterion"):
        return _panel(request, artifact, form)
    if not request.htmx:
        return redirect("evidence_detail", pk=artifact.pk)
    return _panel(request, artifact)


@require_POST
@vary_on_headers("HX-Request")
def evidence_tag_edit(request, pk, tag_pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    tag = get_object_or_404(artifact.tags, pk=tag_pk)
    if request.POST.get("remove"):
        artifact_untag(tag=tag)
    else:
        form = RetagForm(request.POST, instance=tag)
        if not form.is_valid():
            # Keep what was typed and say what is wrong, in place.
            return _panel(request, artifact, retag_error=(tag.pk, form))
        artifact_retag(tag=tag, **form.cleaned_data)
    if not request.htmx:
        return redirect("evidence_detail", pk=artifact.pk)
    return _panel(request, artifact)
