"""Never lose work: revision history with restore, and the trash."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from evidence.access import artifact_for_viewer, trashed_artifact_for_owner
from evidence.models import TRASH_DAYS
from evidence.queries import names_for_snapshots, trash_of
from evidence.revisions import diff_snapshots
from evidence.services import ArtifactConflict, artifact_restore, artifact_restore_revision
from promo.web.forms import attempt_action


@require_GET
def evidence_history(request, pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    revisions = list(artifact.revisions.select_related("edited_by"))
    names = names_for_snapshots([r.snapshot for r in revisions])
    # Newest first; each revision is compared with the one before it.
    # An artifact saved before revisions were kept has none; the page then lists nothing.
    for revision, older in zip(revisions, [*revisions[1:], None][: len(revisions)], strict=True):
        revision.changes = diff_snapshots(older.snapshot if older else {}, revision.snapshot, names)
    return render(request, "evidence/history.html", {"artifact": artifact, "revisions": revisions})


@require_POST
def evidence_revision_restore(request, pk, revision_pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    revision = get_object_or_404(artifact.revisions, pk=revision_pk)
    try:
        artifact_restore_revision(artifact=artifact, revision=revision, by=request.user)
    except ArtifactConflict:
        messages.error(request, "It changed while you were looking; here is the latest history.")
        return redirect("evidence_history", pk=artifact.pk)
    messages.success(
        request, f"Restored version {revision.version}; it is now version {artifact.version}."
    )
    return redirect("evidence_detail", pk=artifact.pk)


@require_GET
def evidence_trash_list(request):
    return render(
        request,
        "evidence/trash.html",
        {"artifacts": trash_of(request.user), "trash_days": TRASH_DAYS},
    )


@require_POST
def evidence_restore(request, pk):
    artifact = trashed_artifact_for_owner(request.user, pk)
    if not attempt_action(request, lambda: artifact_restore(artifact=artifact, by=request.user)):
        return redirect("evidence_trash")
    messages.success(request, f"Restored “{artifact.title}”.")
    return redirect("evidence_detail", pk=artifact.pk)
