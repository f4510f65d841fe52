"""The engineer's promo document: start, edit with preview, share, versions and diffs."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from evidence.models import Artifact
from promo.audit.services import audit_view
from promo.candidacies.queries import open_candidacy_for
from promo.models import AuditEntry
from promo.web.forms import attempt
from reviews import drafting, services
from reviews.access import (
    attach_reviewers_now,
    document_for_viewer,
    rounds_readable_by,
    version_for_viewer,
    versions_readable_by,
)
from reviews.citations import cited_ids_in
from reviews.diffing import has_changes, section_changes
from reviews.forms import DraftForm, ShareForm
from reviews.models import PromoDocument, ReviewRound
from reviews.rendering import (
    rendered_changes,
    rendered_sections,
    revealed_citations,
    sections_html,
)
from reviews.sections import with_bodies
from reviews.verdicts import verdicts_seen_by


@require_GET
def home(request):
    documents = PromoDocument.objects.filter(candidacy__person_id=request.user.pk).select_related(
        "candidacy__target_level"
    )
    candidacy = open_candidacy_for(request.user)
    can_start = candidacy is not None and not any(d.candidacy_id == candidacy.pk for d in documents)
    return render(request, "reviews/home.html", {"documents": documents, "can_start": can_start})


@require_POST
def start(request):
    candidacy = open_candidacy_for(request.user)
    if candidacy is None:
        messages.error(request, "Open a candidacy first: the promo document belongs to it.")
        return redirect("reviews_home")
    document = services.document_autodraft(candidacy=candidacy, by=request.user)
    messages.success(request, "Drafted from your tagged evidence. Edit it freely.")
    return redirect("reviews_edit", document.pk)


@require_GET
def document(request, pk):
    document = document_for_viewer(request.user, pk)
    audit_view(
        viewer=request.user,
        owner=document.owner,
        action=AuditEntry.Action.DRAFT_VIEWED,
        target=document,
    )
    is_owner = document.owner_id == request.user.pk
    rounds = list(
        rounds_readable_by(request.user)
        .filter(document=document)
        .select_related("version")
        .order_by("-opened_at", "-id")
    )
    attach_reviewers_now(rounds, document)
    seen = verdicts_seen_by(request.user, document.candidacy)
    context = {
        "document": document,
        "is_owner": is_owner,
        "rounds": rounds,
        "versions": list(versions_readable_by(request.user, document)),
        "verdicts": seen.visible,
        "verdicts_hidden": seen.others_exist,
        "can_share": is_owner and not any(not r.is_closed for r in rounds),
    }
    return render(request, "reviews/document.html", context)


def _flags(document, sections):
    """Cited evidence a reader would question, for the editor's side panel."""
    ids = cited_ids_in(sections)
    artifacts = {a.pk: a for a in Artifact.objects.filter(owner_id=document.owner_id, pk__in=ids)}
    flags = drafting.citation_flags(
        ids,
        artifacts,
        timezone.localdate(),
        drafting.assessable_after_days(document.candidacy.ladder),
    )
    return [(artifacts.get(pk), pk, found) for pk, found in flags.items()]


@require_GET
def edit(request, pk):
    """The editor: the saved draft, its preview and the evidence worth a second look."""
    document = document_for_viewer(request.user, pk, write=True)
    form = DraftForm(sections=document.draft, initial={"base_version": document.draft_version})
    return _editor(request, document, form, document.draft)


@vary_on_headers("HX-Request")
@require_POST
def draft_preview(request, pk):
    """The typing rendered, saving nothing: the panel for htmx, the editor without it."""
    document = document_for_viewer(request.user, pk, write=True)
    form = DraftForm(request.POST, sections=document.draft)
    bodies = form.bodies() if form.is_valid() else form.typed_bodies()
    return _editor(request, document, form, with_bodies(document.draft, bodies))


@require_POST
def draft_save(request, pk):
    """Save the typing; a draft saved elsewhere since it was opened shows the conflict."""
    document = document_for_viewer(request.user, pk, write=True)
    form = DraftForm(request.POST, sections=document.draft)
    if not form.is_valid():
        return _editor(request, document, form, with_bodies(document.draft, form.typed_bodies()))
    try:
        services.draft_save(
            document=document,
            bodies=form.bodies(),
            base_version=form.cleaned_data["base_version"],
            by=request.user,
        )
    except services.DraftConflict as error:
        sections = with_bodies(document.draft, form.bodies())
        form = _conflict_form(form, error.document)
        return _editor(request, document, form, sections, conflict=error.document)
    messages.success(request, "Draft saved.")
    return redirect("reviews_edit", document.pk)


def _editor(request, document, form, sections, *, conflict=None):
    revealed = revealed_citations(request.user, document.owner, sections)
    context = {
        "document": document,
        "form": form,
        "conflict": conflict,
        "conflict_sections": conflict and rendered_sections(conflict.draft, revealed),
        "preview": rendered_sections(sections, revealed),
        "flags": _flags(document, sections),
    }
    template = "reviews/edit.html"
    if request.htmx:
        template += "#preview"
    return render(request, template, context)


def _conflict_form(form, newer):
    """The user's typing, now based on the newer counter: saving again is a deliberate
    overwrite, made after seeing what changed."""
    data = form.data.copy()
    data["base_version"] = newer.draft_version
    return DraftForm(data, sections=newer.draft)


@require_http_methods(["GET", "POST"])
def share(request, pk):
    document = document_for_viewer(request.user, pk, write=True)
    eligible, manager = services.eligible_reviewers(document), services.manager_of(document)
    form = ShareForm(request.POST or None, eligible=eligible, manager=manager)
    shared = {}

    def call(data):
        reviewers = list(data["reviewers"])
        include_manager = data.get("include_manager", False)
        review_round = services.document_share_for_review(
            document=document, reviewers=reviewers, include_manager=include_manager, by=request.user
        )
        messages.success(request, f"Shared version {review_round.version.number} for review.")
        readers = reviewers + ([manager] if include_manager and manager else [])
        for line in _blind_spots(document, readers):
            messages.warning(request, line)
        shared["round"] = review_round

    if request.method == "POST" and attempt(form, call):
        return redirect("reviews_round", shared["round"].pk)
    open_round = document.rounds.exclude(status=ReviewRound.Status.CLOSED).first()
    possible = [*eligible, *([manager] if manager else [])]
    context = {
        "document": document,
        "form": form,
        "open_round": open_round,
        "blind_spots": _blind_spots(document, possible),
    }
    return render(request, "reviews/share.html", context)


def _blind_spots(document, readers):
    """One sentence per cited artifact some of `readers` cannot open: a warning, since
    the engineer may mean it (they see "private evidence" in its place)."""
    return [
        f"\u201c{artifact.title}\u201d cannot be opened by {', '.join(map(str, blind))}: "
        "they see only \u201cprivate evidence\u201d."
        for artifact, blind in services.unreadable_citations(document, readers)
    ]


@require_GET
def version(request, pk, number):
    version = version_for_viewer(request.user, pk, number)
    document = version.document
    audit_view(
        viewer=request.user,
        owner=document.owner,
        action=AuditEntry.Action.DRAFT_VIEWED,
        target=document,
        detail=f"Version {version.number}",
    )
    revealed = revealed_citations(request.user, document.owner, version.sections)
    context = {
        "document": document,
        "version": version,
        "sections_html": sections_html(version.sections, revealed),
        "is_owner": document.owner_id == request.user.pk,
    }
    return render(request, "reviews/version.html", context)


@require_GET
def diff(request, pk):
    document = document_for_viewer(request.user, pk)
    # Both sides of a diff must be readable: a version outside the viewer's rounds is
    # simply not there, whichever side it was asked for.
    versions = {v.number: v for v in versions_readable_by(request.user, document)}
    if not versions:
        raise Http404("Nothing has been shared yet.")
    newest = max(versions)
    old_number = _number(request.GET.get("from"), default=max(newest - 1, 1))
    new_number = _number(request.GET.get("to"), default=newest)
    if old_number not in versions or new_number not in versions:
        raise Http404("No such version.")
    old, new = versions[old_number], versions[new_number]
    changes = section_changes(old.sections, new.sections)
    # Citations from either side: a removed citation still shows what it was, to those
    # who may see it.
    revealed = revealed_citations(request.user, document.owner, old.sections + new.sections)
    audit_view(
        viewer=request.user,
        owner=document.owner,
        action=AuditEntry.Action.DRAFT_VIEWED,
        target=document,
        detail=f"Changes from version {old_number} to {new_number}",
    )
    context = {
        "document": document,
        "numbers": sorted(versions),
        "old": old,
        "new": new,
        "changes": rendered_changes(changes, revealed),
        "has_changes": has_changes(changes),
    }
    return render(request, "reviews/diff.html", context)


def _number(raw, default):
    try:
        return int(raw) if raw else default
    except ValueError:
        raise Http404("No such version.") from None
