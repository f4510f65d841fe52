"""The evidence list's one read: a page of artifacts with their tags, in one query."""

from django.db import models
from django.db.models import F, Func

from evidence.models import ArtifactTag
from promo.api.evidence.schemas import ArtifactOut
from promo.models import Criterion

ARTIFACT_FIELDS = [name for name in ArtifactOut.model_fields if name != "tags"]


class TagList(Func):
    """An artifact's tags as TagOut dicts, in ArtifactTag's order (criterion position,
    then id), built by PostgreSQL as one JSON value per artifact. It is `json`, which
    psycopg decodes into lists and dicts (Django leaves only `jsonb` as text), so there is
    no converter: the output field is a plain Field."""

    # The table names come from the models; nothing in it comes from a request.
    template = (
        "(SELECT coalesce(json_agg(json_build_object("  # noqa: S608
        "'criterion', c.slug, 'criterion_name', c.name, "
        "'strength', t.strength, 'rationale', t.rationale"
        ") ORDER BY c.position, c.id), '[]') "
        f"FROM {ArtifactTag._meta.db_table} t "
        f"JOIN {Criterion._meta.db_table} c ON c.id = t.criterion_id "
        "WHERE t.artifact_id = %(expressions)s)"
    )
    output_field = models.Field()

    def __init__(self):
        super().__init__(F("pk"))


def page_of(rows, size):
    """The first `size` artifacts of `rows` as ArtifactOut dicts, in one query.
    Their tags come folded in as JSON: a second query for them, or building 25 artifacts
    and 75 tags with criteria as model instances, cost more than the page's own read."""
    items = list(rows.annotate(tag_list=TagList()).values(*ARTIFACT_FIELDS, "tag_list")[:size])
    for item in items:
        item["tags"] = item.pop("tag_list")
    return items
