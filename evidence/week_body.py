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

from evidence.access import artifacts_visible_to
from evidence.models import Artifact, ArtifactTag
from promo.models import Criterion, User
from promo.web.fragments import cached_body, drawn_for
from promo.web.lookups import CompiledSQL
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


def own_artifacts_between(person, since, today):
    """The person's own live artifacts that happened from `since` to `today`: the weeks the
    page lists, and this week's rows."""
    mine = artifacts_visible_to(person, person)
    return mine.filter(happened_on__gte=since, happened_on__lte=today)


# The page's own queries as the digest's subqueries, compiled once per process: building
# and compiling the three querysets on every view was a fifth of the page's time.
_ARTIFACT_IDS = CompiledSQL(
    lambda person, since, today: (
        own_artifacts_between(User(pk=person), since, today).order_by().values("id")
    )
)
_DUE_IDS = CompiledSQL(
    lambda person, today: (
        _checkin_model().objects.due_for(User(pk=person), today).order_by().values("id")
    )
)


def _checkin_model():
    return Artifact._meta.get_field("checkins").related_model  # readiness owns it


def week_version(person_id, *, monday, since, today):
    """What changes whenever anything the body shows changes: every artifact of the weeks
    listed (from `since`), the tags of this week's (from `monday`), and the due check-ins
    on `today`. Each is read by key (`= ANY(ARRAY())`): as a semi-join PostgreSQL scanned
    whole tables."""
    shown_sql, shown_params = _ARTIFACT_IDS(person=person_id, since=since, today=today)
    week_sql, week_params = _ARTIFACT_IDS(person=person_id, since=monday, today=today)
    due_sql, due_params = _DUE_IDS(person=person_id, today=today)
    artifact, tag, criterion, checkin = (
        Artifact._meta.db_table,
        ArtifactTag._meta.db_table,
        Criterion._meta.db_table,
        _checkin_model()._meta.db_table,
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
           FROM {checkin} k JOIN {artifact} a ON a.id = k.artifact_id
           WHERE k.id = ANY(ARRAY({due_sql})))
    """  # noqa: S608 - names come from model _meta; every value is a parameter
    with prepared_cursor() as cursor:
        cursor.execute(sql, [*shown_params, *week_params, *due_params])
        return tuple(cursor.fetchone())


def week_body_html(request, days, draw):
    """The body's HTML for this request; `days` are week_version's monday, since and today,
    `draw()` renders the body (with its queries) when needed.

    On PostgreSQL a view that finds the body costs one statement and one cache read."""
    if connection.vendor != "postgresql":
        # The statement is PostgreSQL's; the zero-setup SQLite database serves one person
        # trying promo, who can afford to draw the page on every view.
        return draw()
    inputs = (
        *drawn_for(request, _DRAWN_BY),
        days["today"],
        week_version(request.user.pk, **days),
    )
    return cached_body(request, "this-week-body", inputs, draw)
