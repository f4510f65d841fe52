"""The API's one NinjaAPI: version 1 under /api/v1/, its routers and its error shape."""

from ninja import NinjaAPI

from evidence.models import Artifact
from promo.api import errors
from promo.api.evidence.router import artifact_detail_json
from promo.api.evidence.router import router as evidence_router
from promo.api.evidence.schemas import ArtifactDetailOut
from promo.api.ladders.router import router as ladder_router
from promo.api.me.router import router as me_router
from promo.api.nudges.router import router as notifications_router
from promo.api.readiness.router import router as readiness_router
from promo.api.readiness.schemas import CheckInOut
from promo.api.recipes import description
from promo.api.reviews.router import router as reviews_router
from promo.api.team.router import router as team_router

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
        return ArtifactDetailOut(**artifact_detail_json(current.pk)).model_dump(mode="json")
    return CheckInOut.from_orm(current).model_dump(mode="json")


errors.register(api, serialize_conflict=serialize_conflict)
for router in (
    me_router,
    evidence_router,
    ladder_router,
    readiness_router,
    notifications_router,
    reviews_router,
    team_router,
):
    api.add_router("", router)
