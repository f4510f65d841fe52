"""The only way views reach people's objects.

Each helper fetches and checks together. Someone who may not know an object exists
gets Http404; someone who may see it but not change it gets PermissionDenied (403).
"""

from promo.access.evidence import (
    artifact_for_viewer,
    artifacts_visible_to,
    can_view_artifact,
    trashed_artifact_for_owner,
)
from promo.access.people import (
    Relation,
    is_mentor_of,
    mentees_of,
    person_for_viewer,
    relation_between,
    require_staff,
)

__all__ = [
    "Relation",
    "artifact_for_viewer",
    "artifacts_visible_to",
    "can_view_artifact",
    "is_mentor_of",
    "mentees_of",
    "person_for_viewer",
    "relation_between",
    "require_staff",
    "trashed_artifact_for_owner",
]
