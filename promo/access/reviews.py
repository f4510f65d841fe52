"""Who may see promo documents and take part in their review rounds.

Only the engineer, the reviewers of a round on the document and (when included) the
manager see it; the manager is a reviewer of that round like the mentors. Anyone else
gets 404, staff included: a promo draft is not the organisation's business until shared.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import Http404

from promo.models import User
from reviews.models import DocumentVersion, ExportJob, PromoDocument, ReviewRound, Thread

DOCUMENT_RELATED = (
    "candidacy__person",
    "candidacy__person__manager",
    "candidacy__ladder",
    "candidacy__target_level",
)


def _is_reviewer_of_document(viewer, document):
    return ReviewRound.objects.filter(document_id=document.pk, reviewers=viewer.pk).exists()


def document_for_viewer(viewer, pk, *, write=False):
    """The promo document `pk` for its engineer, or read-only for a reviewer of any of its
    rounds (PermissionDenied when they ask to change it); everyone else gets Http404."""
    document = PromoDocument.objects.select_related(*DOCUMENT_RELATED).filter(pk=pk).first()
    if document is None or not viewer.is_authenticated:
        raise Http404("No such document.")
    if document.owner_id == viewer.pk:
        return document
    if not _is_reviewer_of_document(viewer, document):
        raise Http404("No such document.")
    if write:
        raise PermissionDenied("Only the engineer changes their promo document.")
    return document


def version_for_viewer(viewer, document_pk, number):
    """A shared version, for whoever may read its document."""
    document = document_for_viewer(viewer, document_pk)
    version = DocumentVersion.objects.filter(document=document, number=number).first()
    if version is None:
        raise Http404("No such version.")
    version.document = document
    return version


def round_for_viewer(viewer, pk, *, reviewer=False, owner=False):
    """The round `pk` for its engineer and its reviewers; Http404 for anyone else.

    reviewer=True: only a reviewer may act (the engineer gets PermissionDenied);
    owner=True: only the engineer may act (a reviewer gets PermissionDenied).
    """
    review_round = (
        ReviewRound.objects.select_related(
            "version", *(f"document__{path}" for path in DOCUMENT_RELATED)
        )
        .prefetch_related(Prefetch("reviewers", queryset=User.objects.order_by("display_name")))
        .filter(pk=pk)
        .first()
    )
    if review_round is None or not viewer.is_authenticated:
        raise Http404("No such review round.")
    is_owner = review_round.document.owner_id == viewer.pk
    is_reviewer = review_round.is_reviewer(viewer)
    if not (is_owner or is_reviewer):
        raise Http404("No such review round.")
    if (reviewer and not is_reviewer) or (owner and not is_owner):
        raise PermissionDenied("That is not yours to do in this round.")
    return review_round


def thread_for_viewer(viewer, pk):
    """A thread, for the members of the round it now lives in."""
    thread = Thread.objects.filter(pk=pk).only("pk", "round_id").first()
    if thread is None:
        raise Http404("No such thread.")
    review_round = round_for_viewer(viewer, thread.round_id)
    thread = Thread.objects.get(pk=pk)
    thread.round = review_round
    return thread


def export_for_viewer(viewer, pk):
    """An export job, for the person who asked for it while they may still read the version."""
    job = ExportJob.objects.select_related("version").filter(pk=pk, requested_by=viewer.pk).first()
    if job is None:
        raise Http404("No such export.")
    job.version = version_for_viewer(viewer, job.version.document_id, job.version.number)
    return job


def rounds_shared_with(viewer):
    """Rounds the viewer reviews, unclosed first, newest first."""
    return (
        ReviewRound.objects.filter(reviewers=viewer.pk)
        .select_related(
            "version", "document__candidacy__person", "document__candidacy__target_level"
        )
        .order_by(F("closed_at").asc(nulls_first=True), "-opened_at", "-id")
    )
