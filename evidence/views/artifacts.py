"""Listing, reading, writing and trashing artifacts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from evidence.access import artifact_for_viewer, artifacts_visible_to
from evidence.forms import ArtifactForm, FilterForm
from evidence.models import Artifact
from evidence.queries import (
    expectations_for,
    names_for_snapshots,
    with_everything,
    with_tags,
)
from evidence.revisions import diff_snapshots, snapshot_from_data, snapshot_of
from evidence.search import full_text_available, highlighted, search_artifacts
from evidence.services import (
    ArtifactConflict,
    artifact_create,
    artifact_trash,
    artifact_update,
    taggable_criteria,
)
from evidence.views.tags import tag_panel_context
from promo.audit.services import audit_view
from promo.candidacies.targets import target_level_for
from promo.models import AuditEntry
from promo.org.access import person_for_viewer
from promo.web.markdown import render_markdown

PAGE_SIZE = 20


def subject_of(request, *, page):
    """Whose evidence a page shows: ?person=<id> (if the viewer may know them), else the
    viewer's own. Someone else's is recorded as viewed here, so no page that takes
    ?person= can forget to."""
    person_id = request.GET.get("person", "")
    if not (person_id.isdigit() and int(person_id) != request.user.pk):
        return request.user
    person = person_for_viewer(request.user, int(person_id))
    audit_view(
        viewer=request.user, owner=person, action=AuditEntry.Action.EVIDENCE_VIEWED, detail=page
    )
    return person


@require_GET
@vary_on_headers("HX-Request")
def evidence_list(request):
    subject = subject_of(request, page="Evidence list")
    form = FilterForm(request.GET or None, criteria=taggable_criteria(subject))
    rows = artifacts_visible_to(request.user, subject)
    query = ""
    if form.is_valid():
        rows = form.apply(rows)
        query = form.cleaned_data["q"]
    rows = with_tags(search_artifacts(rows.distinct(), query) if query else rows.distinct())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for artifact in page:
        artifact.snippet_html = highlighted(getattr(artifact, "snippet", ""))
        artifact.title_html = highlighted(getattr(artifact, "title_marked", ""))
    template = "evidence/list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "subject": subject,
            "is_own": subject.pk == request.user.pk,
            "query": query,
            "full_text": full_text_available(),
        },
    )


@require_GET
def evidence_detail(request, pk):
    artifact = artifact_for_viewer(request.user, pk)
    artifact = with_everything(Artifact.objects.filter(pk=artifact.pk)).get()
    is_own = artifact.owner_id == request.user.pk
    target = target_level_for(artifact.owner)  # once: the tags and the panel both need it
    audit_view(
        viewer=request.user,
        owner=artifact.owner,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        target=artifact,
    )
    expectations = expectations_for(artifact.owner, target=target)
    for tag in artifact.tags.all():
        tag.expectation = expectations.get(tag.criterion_id, "")
    context = {"artifact": artifact, "is_own": is_own, "body_html": render_markdown(artifact.body)}
    if is_own:
        context.update(tag_panel_context(request, artifact, target=target))
    return render(request, "evidence/detail.html", context)


def _form_page(request, form, artifact=None):
    body = form.data.get("body", "") if form.is_bound else form.initial.get("body", "")
    return render(
        request,
        "evidence/form.html",
        {"form": form, "artifact": artifact, "preview_html": render_markdown(body)},
    )


@require_http_methods(["GET", "POST"])
def evidence_new(request):
    form = ArtifactForm(request.POST or None, owner=request.user)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        artifact = artifact_create(owner=request.user, data=form.service_data(), by=request.user)
        messages.success(request, f"Saved “{artifact.title}”.")
        return redirect("evidence_detail", pk=artifact.pk)
    return _form_page(request, form)


@require_http_methods(["GET", "POST"])
def evidence_edit(request, pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    form = ArtifactForm(request.POST or None, instance=artifact, owner=request.user)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        try:
            artifact_update(
                artifact=artifact,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ArtifactConflict as conflict:
            return _conflict_page(request, form, conflict.current)
        messages.success(request, f"Saved “{artifact.title}”.")
        return redirect("evidence_detail", pk=artifact.pk)
    return _form_page(request, form, artifact)


def _conflict_page(request, form, current):
    """Both versions side by side; 'keep mine' resubmits the typed data over the newer one."""
    current = with_everything(Artifact.all_objects.filter(pk=current.pk)).get()
    theirs = snapshot_of(current)
    mine = snapshot_from_data(form.service_data())
    data = form.data.copy()
    data["version"] = current.version
    retry = ArtifactForm(data, instance=current, owner=request.user)
    return render(
        request,
        "evidence/conflict.html",
        {
            "form": retry,
            "artifact": current,
            "current_body_html": render_markdown(current.body),
            "mine_body_html": render_markdown(mine.get("body", "")),
            "changes": diff_snapshots(theirs, mine, names_for_snapshots([theirs, mine])),
        },
        status=409,
    )


@require_POST
def evidence_preview(request):
    html = render_markdown(request.POST.get("body", ""))
    template = "evidence/preview.html"
    if request.htmx:
        template += "#preview"
    return render(request, template, {"preview_html": html})


@require_POST
def evidence_delete(request, pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    artifact_trash(artifact=artifact, by=request.user)
    messages.success(
        request, f"Moved “{artifact.title}” to the trash. You can restore it for 30 days."
    )
    return redirect("evidence_list")
