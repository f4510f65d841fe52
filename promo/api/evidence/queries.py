"""The evidence list's one read: a page of artifacts with their tags, as JSON text that
PostgreSQL builds, in one query (on SQLite, the zero-setup database, from the loaded rows).
"""

import json

from django.db import connection, models
from django.db.models import F, Func
from ninja.responses import NinjaJSONEncoder

from evidence.models import Artifact, ArtifactTag
from evidence.queries import with_tags
from promo.api.evidence.schemas import ArtifactOut
from promo.models import Criterion

ARTIFACT_FIELDS = [name for name in ArtifactOut.model_fields if name != "tags"]
COLUMNS = {name: Artifact._meta.get_field(name).column for name in ARTIFACT_FIELDS}
TIMESTAMPS = {
    name
    for name in ARTIFACT_FIELDS
    if isinstance(Artifact._meta.get_field(name), models.DateTimeField)
}
TAGS_SQL = (
    # The table names come from the models; nothing in it comes from a request.
    "(SELECT coalesce(json_agg(json_build_object("  # noqa: S608
    "'criterion', c.slug, 'criterion_name', c.name, "
    "'strength', t.strength, 'rationale', t.rationale"
    ") ORDER BY c.position, c.id), '[]') "
    f"FROM {ArtifactTag._meta.db_table} t "
    f"JOIN {Criterion._meta.db_table} c ON c.id = t.criterion_id "
    "WHERE t.artifact_id = {pk})"
)


def utc_timestamp_sql(column):
    """SQL writing a timestamp as the API's JSON renderer writes a datetime (Django's
    encoder): UTC with "Z", milliseconds (cut, not rounded) unless it falls on a whole
    second. The list must show each artifact exactly as reading it alone does."""
    utc = f"({column}) AT TIME ZONE 'UTC'"
    return (
        f"CASE WHEN date_trunc('second', {column}) = {column} "
        f'THEN to_char({utc}, \'YYYY-MM-DD"T"HH24:MI:SS"Z"\') '
        f'ELSE to_char({utc}, \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\') END'
    )


class ArtifactJson(Func):
    """The artifact as ArtifactOut's JSON text, keys in the schema's order, with its tags
    (TagOut, in ArtifactTag's order: criterion position, then id). Dates and numbers are
    written by PostgreSQL as JSON writes them; the keys come from the schema, never from
    a request.

    Only the primary key is resolved through the ORM; the other columns are named on
    its table alias: resolving sixteen field names cost more CPU than running the query.
    """

    output_field = models.TextField()

    def __init__(self):
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, **extra):
        [pk] = self.get_source_expressions()
        table = compiler.quote_name_unless_alias(pk.alias)
        pairs = []
        for name in ARTIFACT_FIELDS:
            column = f"{table}.{connection.ops.quote_name(COLUMNS[name])}"
            if name in TIMESTAMPS:
                column = utc_timestamp_sql(column)
            pairs.append(f"'{name}', {column}")
        pk_sql, params = compiler.compile(pk)
        pairs.append(f"'tags', {TAGS_SQL.format(pk=pk_sql)}")
        return f"json_build_object({', '.join(pairs)})::text", params


def page_of(rows, size):
    """The first `size` artifacts of `rows` as (happened_on, id, ArtifactOut JSON text).
    Building 25 artifacts and 75 tags in Python, as dicts to validate or encode again,
    cost more CPU than the page's whole read; PostgreSQL writes them as it reads them."""
    if connection.vendor != "postgresql":  # no json_build_object: the same JSON in Python
        return [
            (a.happened_on, a.pk, json.dumps(artifact_as_dict(a), cls=NinjaJSONEncoder))
            for a in with_tags(rows)[:size]
        ]
    return list(rows.annotate(item=ArtifactJson()).values_list("happened_on", "id", "item")[:size])


def artifact_as_dict(artifact, *, links=None, tags=None):
    """An artifact as ArtifactOut (ArtifactDetailOut with `links`), built by hand from the
    loaded rows: letting the schema resolve each dotted alias on 25 ORM objects cost
    more than the queries did. `tags`, when given, stand for the artifact's own."""
    item = {name: getattr(artifact, name) for name in ARTIFACT_FIELDS}
    item["tags"] = [tag_as_dict(tag) for tag in (artifact.tags.all() if tags is None else tags)]
    if links is not None:
        item["links"] = [{"label": link.label, "url": link.url} for link in links]
    return item


def tag_as_dict(tag):
    return {
        "criterion": tag.criterion.slug,
        "criterion_name": tag.criterion.name,
        "strength": tag.strength,
        "rationale": tag.rationale,
    }


def page_json(items, next_cursor):
    """ArtifactPage's JSON from items as page_of gives them."""
    listed = ", ".join(item for _, _, item in items)
    return f'{{"items": [{listed}], "next_cursor": {json.dumps(next_cursor)}}}'
