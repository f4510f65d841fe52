"""The API's one NinjaAPI: version 1 under /api/v1/, its routers and its error shape."""

from ninja import NinjaAPI

from evidence.models import Artifact
from promo.api import errors
from promo.api.evidence.router import router as evidence_router
from promo.api.evidence.schemas import ArtifactDetailOut
from promo.api.recipes import description

api = NinjaAPI(
    title="promo API",
    version="1",
    description=description(),
    urls_namespace="api",
    docs_url="docs",
    openapi_url="openapi.json",
)


def serialize_conflict(current):
    """The object a stale write lost to, as a GET of it would show it."""
    if isinstance(current, Artifact):
        artifact = Artifact.all_objects.prefetch_related("tags__criterion", "links").get(
            pk=current.pk
        )
        return ArtifactDetailOut.from_orm(artifact).model_dump(mode="json")
    return {"id": current.pk, "version": current.version, "outcome": current.outcome}


errors.register(api, serialize_conflict=serialize_conflict)
api.add_router("", evidence_router)
