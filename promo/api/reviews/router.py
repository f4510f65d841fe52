"""Promo docs shared with me and their versions, read only, through reviews/access.py.
Reading someone else's is recorded in their "who viewed my case", as on the pages."""

from ninja import Router

from promo.api.auth import auth_for
from promo.api.reviews.schemas import DocumentOut, VersionOut
from promo.api.schemas import ERRORS
from promo.audit.services import audit_view
from promo.models import AuditEntry
from reviews.access import (
    document_for_viewer,
    rounds_shared_with,
    version_for_viewer,
    versions_readable_by,
)

READ = auth_for("reviews:read")
router = Router(tags=["promo docs"])


def _document(document, versions):
    return {
        "id": document.pk,
        "person_id": document.owner_id,
        "person_name": str(document.owner),
        "title": document.title,
        "versions": versions,
    }


@router.get("/docs/", response={200: list[DocumentOut], **ERRORS}, auth=READ, url_name="docs")
def docs_shared_with_me(request):
    """Other people's promo docs with a round you are a member of now, and the versions
    you may read (those of your rounds)."""
    documents = {}
    for review_round in rounds_shared_with(request.auth).select_related(
        "document__candidacy__person"
    ):
        document = review_round.document
        entry = documents.setdefault(document.pk, _document(document, []))
        entry["versions"].append(review_round.version)
    for entry in documents.values():
        entry["versions"].sort(key=lambda version: version.number)
    return list(documents.values())


@router.get("/docs/{int:pk}/", response={200: DocumentOut, **ERRORS}, auth=READ, url_name="doc")
def doc_read(request, pk: int):
    """A promo doc (yours, or one with a round of yours) and the versions you may read."""
    document = document_for_viewer(request.auth, pk)
    audit_view(
        viewer=request.auth,
        owner=document.owner,
        action=AuditEntry.Action.DRAFT_VIEWED,
        target=document,
    )
    return _document(document, list(versions_readable_by(request.auth, document)))


@router.get(
    "/docs/{int:pk}/versions/{int:number}/",
    response={200: VersionOut, **ERRORS},
    auth=READ,
    url_name="doc_version",
)
def doc_version(request, pk: int, number: int):
    """One version's sections, as shared."""
    version = version_for_viewer(request.auth, pk, number)
    audit_view(
        viewer=request.auth,
        owner=version.document.owner,
        action=AuditEntry.Action.DRAFT_VIEWED,
        target=version.document,
        detail=f"Version {version.number}",
    )
    return {
        "document_id": version.document_id,
        "number": version.number,
        "created_at": version.created_at,
        "sections": version.sections,
    }
