"""Evidence: list, read, log, change with its version, trash and restore; tags."""

import base64
from datetime import date

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.renderers import JSONRenderer

from evidence.access import artifact_for_viewer, artifacts_visible_to, trashed_artifact_for_owner
from evidence.forms import FilterForm
from evidence.models import Artifact, ArtifactLink
from evidence.queries import with_tags
from evidence.search import search_artifacts
from evidence.services import (
    artifact_create,
    artifact_restore,
    artifact_tag,
    artifact_trash,
    artifact_untag,
    artifact_update,
    taggable_criteria,
)
from promo.api.auth import auth_for
from promo.api.errors import ApiError
from promo.api.evidence.queries import artifact_as_dict, page_json, page_of, tag_as_dict
from promo.api.evidence.schemas import (
    ArtifactCreate,
    ArtifactDetailOut,
    ArtifactFilters,
    ArtifactPage,
    ArtifactUpdate,
    TagIn,
    TagOut,
)
from promo.api.idempotency import idempotent
from promo.api.schemas import ERRORS
from promo.audit.services import audit_view
from promo.models import AuditEntry, Criterion
from promo.org.access import person_for_viewer

READ, WRITE = auth_for("evidence:read"), auth_for("evidence:write")
router = Router(tags=["evidence"])
JSON = JSONRenderer()  # the API's renderer, for an answer rendered without revalidation
JSON_TYPE = f"{JSON.media_type}; charset={JSON.charset}"


def _subject(request, person_id):
    """Whose evidence: the caller's, or a person they may know, recorded as viewed
    exactly as the evidence page records it."""
    if person_id is None or person_id == request.auth.pk:
        return request.auth
    person = person_for_viewer(request.auth, person_id)
    audit_view(
        viewer=request.auth,
        owner=person,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        detail="Evidence list",
    )
    return person


def _encode_cursor(happened_on, pk):
    raw = f"{happened_on.isoformat()}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _after_cursor(rows, cursor):
    try:
        day, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        day, pk = date.fromisoformat(day), int(pk)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(
            422, "invalid", "This cursor is not one promo gave.", field="cursor"
        ) from None
    return rows.filter(Q(happened_on__lt=day) | Q(happened_on=day, pk__lt=pk))


def _rendered_as_is(request, data, status):
    """`data` rendered by the API's renderer without being validated again. Only for
    answers built from typed columns in their schema's shape, as the schema tests hold
    them to be."""
    return HttpResponse(
        JSON.render(request, data, response_status=status), status=status, content_type=JSON_TYPE
    )


def artifact_detail_json(pk):
    """One artifact with its tags and links, trashed or not, as ArtifactDetailOut."""
    artifact = with_tags(Artifact.all_objects.filter(pk=pk)).prefetch_related("links").get()
    return artifact_as_dict(artifact, links=artifact.links.all())


@router.get("/evidence/", response={200: ArtifactPage, **ERRORS}, auth=READ, url_name="evidence")
def evidence_list(request, filters: Query[ArtifactFilters]):
    """Evidence you may read, newest first, 25 at a time: the evidence page's filters,
    and a cursor for the next page."""
    subject = _subject(request, filters.person)
    rows = artifacts_visible_to(request.auth, subject)
    sent = {
        name: value
        for name, value in filters.model_dump(exclude={"person", "cursor", "limit"}).items()
        if value not in ("", None)
    }
    # Most calls send no filter, and an empty form filters nothing: it is built only when
    # there is something to check, and the criteria read only for a criterion filter.
    if sent:
        criteria = taggable_criteria(subject) if filters.criterion else Criterion.objects.none()
        form = FilterForm(sent, criteria=criteria)
        if not form.is_valid():
            field, messages = next(iter(form.errors.items()))
            raise ApiError(422, "invalid", messages[0], field=field)
        rows = form.apply(rows)
    if filters.criterion:
        # The join through tags can repeat an artifact (criteria of two ladders may share
        # a slug): a semi-join keeps each once, where DISTINCT could not compare the
        # tags' JSON.
        rows = artifacts_visible_to(request.auth, subject).filter(pk__in=rows.values("pk"))
    if filters.q:
        rows = search_artifacts(rows, filters.q)
    rows = rows.order_by("-happened_on", "-id")
    if filters.cursor:
        rows = _after_cursor(rows, filters.cursor)
    items = page_of(rows, filters.limit + 1)
    more = len(items) > filters.limit
    items = items[: filters.limit]
    next_cursor = _encode_cursor(*items[-1][:2]) if more else None
    # Written by PostgreSQL in ArtifactPage's shape (the schema tests hold it to that):
    # validating 25 artifacts and 75 tags through pydantic again took as long as reading
    # them, and encoding them in Python as long again.
    return HttpResponse(page_json(items, next_cursor), content_type=JSON_TYPE)


@router.post(
    "/evidence/", response={201: ArtifactDetailOut, **ERRORS}, auth=WRITE, url_name="evidence"
)
@idempotent()
def evidence_create(request, payload: ArtifactCreate):
    """Log a piece of work as yours."""
    data = payload.service_data()
    artifact = artifact_create(owner=request.auth, data=data, by=request.auth)
    # Answered from what was written: a new artifact has no tags, and its links are the
    # ones sent, in order; reading it back cost three queries.
    links = [ArtifactLink(label=label, url=url) for label, url in data.get("links", [])]
    return _rendered_as_is(request, artifact_as_dict(artifact, links=links, tags=[]), 201)


@router.get(
    "/evidence/{int:pk}/",
    response={200: ArtifactDetailOut, **ERRORS},
    auth=READ,
    url_name="artifact",
)
def evidence_read(request, pk: int):
    """One artifact, with its tags and links. Reading someone else's is recorded in their
    "who viewed my case", as on the page."""
    artifact = artifact_for_viewer(request.auth, pk)
    audit_view(
        viewer=request.auth,
        owner=artifact.owner,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        target=artifact,
    )
    return artifact_detail_json(artifact.pk)


@router.patch(
    "/evidence/{int:pk}/",
    response={200: ArtifactDetailOut, **ERRORS},
    auth=WRITE,
    url_name="artifact",
)
def evidence_update(request, pk: int, payload: ArtifactUpdate):
    """Change the fields you send, if nobody saved the artifact since `version`; a stale
    version gets 409 with the artifact as it now stands, and nothing is changed."""
    artifact = artifact_for_viewer(request.auth, pk, write=True)
    artifact_update(
        artifact=artifact,
        data=payload.service_data(),
        expected_version=payload.version,
        by=request.auth,
    )
    return artifact_detail_json(artifact.pk)


@router.delete(
    "/evidence/{int:pk}/", response={204: None, **ERRORS}, auth=WRITE, url_name="artifact"
)
def evidence_trash(request, pk: int):
    """Move to the trash; restorable for 30 days."""
    artifact = artifact_for_viewer(request.auth, pk, write=True)
    artifact_trash(artifact=artifact, by=request.auth)
    return Status(204, None)


@router.post(
    "/evidence/{int:pk}/restore/",
    response={200: ArtifactDetailOut, **ERRORS},
    auth=WRITE,
    url_name="artifact_restore",
)
def evidence_restore(request, pk: int):
    """Take an artifact of yours back out of the trash."""
    artifact = trashed_artifact_for_owner(request.auth, pk)
    artifact_restore(artifact=artifact, by=request.auth)
    return artifact_detail_json(artifact.pk)


@router.get(
    "/evidence/{int:pk}/tags/",
    response={200: list[TagOut], **ERRORS},
    auth=READ,
    url_name="artifact_tags",
)
def tags_list(request, pk: int):
    """The criteria an artifact is cited against, with strength and why."""
    artifact = artifact_for_viewer(request.auth, pk)
    audit_view(
        viewer=request.auth,
        owner=artifact.owner,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        target=artifact,
    )
    return [tag_as_dict(tag) for tag in artifact.tags.select_related("criterion")]


def _criterion(artifact, slug):
    return get_object_or_404(taggable_criteria(artifact.owner), slug=slug)


@router.put(
    "/evidence/{int:pk}/tags/{slug:criterion}/",
    response={200: TagOut, **ERRORS},
    auth=WRITE,
    url_name="artifact_tag",
)
@idempotent(schema=TagOut)
def tag_put(request, pk: int, criterion: str, payload: TagIn):
    """Cite the artifact against a criterion of your target level (or re-rate it)."""
    artifact = artifact_for_viewer(request.auth, pk, write=True)
    tag = artifact_tag(
        artifact=artifact,
        criterion=_criterion(artifact, criterion),
        strength=payload.strength,
        rationale=payload.rationale,
    )
    return tag_as_dict(tag)


@router.delete(
    "/evidence/{int:pk}/tags/{slug:criterion}/",
    response={204: None, **ERRORS},
    auth=WRITE,
    url_name="artifact_tag",
)
def tag_delete(request, pk: int, criterion: str):
    """Take a criterion off the artifact."""
    artifact = artifact_for_viewer(request.auth, pk, write=True)
    tag = get_object_or_404(artifact.tags.select_related("artifact"), criterion__slug=criterion)
    artifact_untag(tag=tag)
    return Status(204, None)
