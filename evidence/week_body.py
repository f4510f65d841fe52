"""The body of "This week" (everything under the layout), drawn once per change of what it
shows and kept in the shared cache.

Fetching the week's artifacts with their tags, the twelve weeks before and the due
impact check-ins, and rendering them, was most of the page's time. The body is keyed by:
- the viewer, their local today (the week shown, and which check-ins are due), their time
  zone and language;
- one statement's digest of every row the body shows, read whole (`row::text`): the
  artifacts of the thirteen weeks shown, the tags and criteria of this week's, and the
  due check-ins with their artifacts, each selected with the page's own query;
- the database's identity and the drawing code.
"""

from django.db import connection

from evidence.models import Artifact, ArtifactTag
from promo.models import Criterion
from promo.web.fragments import cached_body, drawn_for
from promo.web.prepared import prepared_cursor

BODY = "evidence/this_week.html#week-body"
_DRAWN_BY = (
    "evidence/week_body.py",
    "evidence/views/pages.py",
    "evidence/queries.py",
    "evidence/models.py",
    "evidence/rows.py",
    "templates/evidence/this_week.html",
    "templates/evidence/_artifact_row.html",
    "templates/promo/checkins/_due.html",
)


def _sql(queryset):
    return queryset.order_by().values("id").query.sql_with_params()


def week_version(shown, this_week, due):
    """What changes whenever anything the body shows changes: `shown` is every artifact of
    the weeks listed, `this_week` those whose rows (with tags) are drawn, `due` the due
    check-ins (querysets, as the page reads them). Each is read by key (`= ANY(ARRAY())`):
    as a semi-join PostgreSQL scanned whole tables."""
    shown_sql, shown_params = _sql(shown)
    week_sql, week_params = _sql(this_week)
    due_sql, due_params = _sql(due)
    checkin = Artifact._meta.get_field("checkins").related_model  # readiness owns it
    artifact, tag, criterion = (
        Artifact._meta.db_table,
        ArtifactTag._meta.db_table,
        Criterion._meta.db_table,
    )
    sql = f"""
        SELECT
          (SELECT oid FROM pg_database WHERE datname = current_database()),
          (SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM {artifact} a
           WHERE a.id = ANY(ARRAY({shown_sql}))),
          (SELECT md5(string_agg(t::text || '/' || c::text, '|' ORDER BY t.id))
           FROM {tag} t JOIN {criterion} c ON c.id = t.criterion_id
           WHERE t.artifact_id = ANY(ARRAY({week_sql}))),
          (SELECT md5(string_agg(k::text || '/' || a::text, '|' ORDER BY k.id))
           FROM {checkin._meta.db_table} k JOIN {artifact} a ON a.id = k.artifact_id
           WHERE k.id = ANY(ARRAY({due_sql})))
    """  # noqa: S608 - names come from model _meta; every value is a parameter
    with prepared_cursor() as cursor:
        cursor.execute(sql, [*shown_params, *week_params, *due_params])
        return tuple(cursor.fetchone())


def week_body_html(request, today, querysets, draw):
    """The body's HTML for this request; `querysets` are week_version's three, `draw()`
    renders the body (with its queries) when needed.

    On PostgreSQL a view that finds the body costs one statement and one cache read."""
    if connection.vendor != "postgresql":
        # The statement is PostgreSQL's; the zero-setup SQLite database serves one person
        # trying promo, who can afford to draw the page on every view.
        return draw()
    inputs = (
        *drawn_for(request, _DRAWN_BY),
        today,
        week_version(*querysets),
    )
    return cached_body(request, "this-week-body", inputs, draw)
