"""Listing, reading, writing and trashing artifacts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from evidence.access import artifact_for_viewer, artifacts_visible_to
from evidence.detail_body import BODY, detail_body_html
from evidence.forms import ArtifactForm, FilterForm, StrengthsForm
from evidence.list_body import BODY as LIST_BODY
from evidence.list_body import list_body_html
from evidence.models import Artifact
from evidence.queries import (
    EVERYTHING,
    expectations_for,
    names_for_snapshots,
    with_everything,
    with_tags,
)
from evidence.revisions import diff_snapshots, snapshot_from_data, snapshot_of, tag_lines
from evidence.rows import with_row_html
from evidence.search import full_text_available, highlighted, search_artifacts
from evidence.services import (
    ArtifactConflict,
    artifact_create,
    artifact_trash,
    artifact_update,
    taggable_criteria,
    tags_fingerprint,
)
from evidence.views.tags import tag_panel_context
from promo.audit.services import audit_view
from promo.candidacies.targets import target_level_for
from promo.models import AuditEntry
from promo.org.access import person_for_viewer, relation_between
from promo.web.fragments import TOKEN_SLOT
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
    relation = relation_between(request.user, subject)
    is_own = subject.pk == request.user.pk
    context = {"subject": subject, "is_own": is_own}
    if request.htmx:
        visible = artifacts_visible_to(request.user, subject, relation)
        context.update(_list_context(request, subject, visible))
        return render(request, "evidence/list.html#results", context)

    def draw():
        visible = artifacts_visible_to(request.user, subject, relation)
        return render_to_string(
            LIST_BODY, {**context, **_list_context(request, subject, visible), "request": request}
        )

    context["list_body"] = list_body_html(request, subject, relation, PAGE_SIZE, draw)
    return render(request, "evidence/list.html", context)


def _list_context(request, subject, visible):
    form = FilterForm(request.GET or None, criteria=taggable_criteria(subject))
    rows, query = visible, ""
    if form.is_valid():
        rows = form.apply(rows)
        query = form.cleaned_data["q"]
    rows = with_tags(search_artifacts(rows, query) if query else rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for artifact in page:
        artifact.snippet_html = highlighted(getattr(artifact, "snippet", ""))
        artifact.title_html = highlighted(getattr(artifact, "title_marked", ""))
    with_row_html(page)
    return {"form": form, "page": page, "query": query, "full_text": full_text_available()}


@require_GET
def evidence_detail(request, pk):
    artifact = artifact_for_viewer(request.user, pk)
    is_own = artifact.owner_id == request.user.pk
    audit_view(
        viewer=request.user,
        owner=artifact.owner,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        target=artifact,
    )

    def draw(slotted):
        context = _detail_context(request, artifact, is_own)
        if slotted:
            return render_to_string(BODY, {**context, "csrf_token": TOKEN_SLOT})
        return render_to_string(BODY, context, request=request)

    context = {"artifact": artifact, "is_own": is_own}
    context["detail_body"] = detail_body_html(request, artifact, is_own, draw)
    return render(request, "evidence/detail.html", context)


def _detail_context(request, artifact, is_own):
    prefetch_related_objects([artifact], *EVERYTHING)  # the same row, not read again
    target = target_level_for(artifact.owner)  # once: the tags and the panel both need it
    expectations = expectations_for(artifact.owner, target=target)
    for tag in artifact.tags.all():
        tag.expectation = expectations.get(tag.criterion_id, "")
    context = {"artifact": artifact, "is_own": is_own, "body_html": render_markdown(artifact.body)}
    if is_own:
        panel = tag_panel_context(request, artifact, target=target, expectations=expectations)
        context.update(panel)
    return context


def _strengths_form(data, owner, *, tags=None):
    """The criteria part of the form: the owner's target level is looked up once, for the
    criteria, their expectations and the legend. `tags`: the artifact's, when editing."""
    target = target_level_for(owner)
    return StrengthsForm(
        data,
        criteria=taggable_criteria(owner, target=target),
        expectations=expectations_for(owner, target=target),
        target=target,
        tags=tags,
    )


def _wants_save(request, *forms):
    if request.method != "POST" or "preview" in request.POST:
        return False
    return all([form.is_valid() for form in forms])  # a list: every form gets its errors


def _service_data(form, strengths):
    return {**form.service_data(), "tags": strengths.strengths()}


def _form_page(request, form, strengths, artifact=None):
    body = form.data.get("body", "") if form.is_bound else form.initial.get("body", "")
    context = {"form": form, "strengths": strengths, "artifact": artifact}
    return render(request, "evidence/form.html", {**context, "preview_html": render_markdown(body)})


@require_http_methods(["GET", "POST"])
def evidence_new(request):
    form = ArtifactForm(request.POST or None, owner=request.user)
    strengths = _strengths_form(request.POST or None, request.user)
    if _wants_save(request, form, strengths):
        data = _service_data(form, strengths)
        artifact = artifact_create(owner=request.user, data=data, by=request.user)
        messages.success(request, f"Saved “{artifact.title}”.")
        return redirect("evidence_detail", pk=artifact.pk)
    return _form_page(request, form, strengths)


@require_http_methods(["GET", "POST"])
def evidence_edit(request, pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    form = ArtifactForm(request.POST or None, instance=artifact, owner=request.user)
    tags = list(artifact.tags.all())
    strengths = _strengths_form(request.POST or None, artifact.owner, tags=tags)
    if _wants_save(request, form, strengths):
        try:
            artifact_update(
                artifact=artifact,
                data=_service_data(form, strengths),
                expected_version=form.cleaned_data["version"],
                expected_tags=strengths.expected_tags(),
                by=request.user,
            )
        except ArtifactConflict as conflict:
            return _conflict_page(request, form, strengths, conflict.current)
        messages.success(request, f"Saved “{artifact.title}”.")
        return redirect("evidence_detail", pk=artifact.pk)
    return _form_page(request, form, strengths, artifact)


def _conflict_page(request, form, strengths, current):
    """Both versions side by side; 'keep mine' resubmits the typed data over the newer one."""
    current = with_everything(Artifact.all_objects.filter(pk=current.pk)).get()
    current_tags = list(current.tags.all())
    names = {field.field.criterion_id: field.label for field in strengths.strength_fields()}
    theirs = {**snapshot_of(current), "tags": tag_lines(current_tags, names)}
    mine = snapshot_from_data(form.service_data())
    mine["tags"] = tag_lines(current_tags, names, typed=strengths.strengths())
    data = form.data.copy()
    data["version"] = current.version
    data["tags_seen"] = tags_fingerprint(current_tags)
    retry = ArtifactForm(data, instance=current, owner=request.user)
    retry_strengths = _strengths_form(data, current.owner, tags=current_tags)
    return render(
        request,
        "evidence/conflict.html",
        {
            "form": retry,
            "strengths": retry_strengths,
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
