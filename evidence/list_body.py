"""The body of the evidence list (everything under the layout) for a page with no filter,
drawn once per change of what it shows and kept in the shared cache.

Fetching twenty artifacts with their tags, counting them, reading the criteria the filter
offers and rendering the filter form was most of the list's time. The body is keyed by:
- whose evidence, the viewer, whether it is theirs, the query string (the page number
  and the pagination's links), their time zone and language;
- one statement's digest of every row the body shows, read whole (`row::text`): the
  page's artifacts and their tags with their criteria, how many the viewer may read, the
  person (their name, ladder and level), their cases and their ladders' levels and
  criteria (the filter's choices follow from their target level);
- the database's identity and the drawing code.

The artifacts are those the viewer may read now: the statement selects them with the
same query the page lists them with, so whatever changes what the viewer may read
changes the key. A search, a filter and a page number out of range are drawn afresh (an
htmx request, which filters, asks only for the results).
"""

from functools import cache

from django.db import connection

from evidence.access import artifacts_visible_to
from evidence.models import Artifact, ArtifactTag
from promo.models import Candidacy, Criterion, Level, User
from promo.web.fragments import cached_body, drawn_for, with_tables
from promo.web.lookups import CompiledSQL
from promo.web.prepared import prepared_cursor

BODY = "evidence/list.html#list-body"
# Everything else in a query string is a filter, which is drawn afresh.
UNFILTERED = {"page", "person"}
_DRAWN_BY = (
    "evidence/list_body.py",
    "evidence/views/artifacts.py",
    "evidence/forms.py",
    "evidence/models.py",
    "evidence/rows.py",
    "evidence/services.py",
    "promo/candidacies/targets.py",
    "templates/evidence/list.html",
    "templates/evidence/_artifact_row.html",
    "templates/evidence/_subnav.html",
    "templates/includes/pagination.html",
)

# {visible} is the page's own query of the artifacts the viewer may read; {page} the ids
# of the requested page among them, in the list's order. `= ANY(ARRAY(...))` reads the
# page's rows by key: as a semi-join (IN) PostgreSQL scanned the whole table.
_VERSION_SQL = """
WITH page AS ({page}),
subject AS (SELECT id, ladder_id FROM {user} WHERE id = %s)
SELECT
  (SELECT oid FROM pg_database WHERE datname = current_database()),
  (SELECT count(*) FROM ({visible}) visible),
  (SELECT count(*) FROM page),
  (SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM {artifact} a
   WHERE a.id = ANY(ARRAY(SELECT id FROM page))),
  (SELECT md5(string_agg(t::text || '/' || c::text, '|' ORDER BY t.id))
   FROM {tag} t JOIN {criterion} c ON c.id = t.criterion_id
   WHERE t.artifact_id = ANY(ARRAY(SELECT id FROM page))),
  (SELECT md5(s::text) FROM {user} s WHERE s.id = (SELECT id FROM subject)),
  (SELECT md5(string_agg(k::text, '|' ORDER BY k.id)) FROM {candidacy} k
   WHERE k.person_id = (SELECT id FROM subject)),
  (SELECT md5(string_agg(l::text, '|' ORDER BY l.id)) FROM {level} l
   WHERE l.ladder_id IN (SELECT ladder_id FROM subject)
      OR l.id IN (SELECT target_level_id FROM {candidacy}
                  WHERE person_id = (SELECT id FROM subject))),
  (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM {criterion} c
   WHERE c.ladder_id IN (SELECT ladder_id FROM subject)
      OR c.ladder_id IN (SELECT v.ladder_id FROM {level} v JOIN {candidacy} k
                         ON k.target_level_id = v.id
                         WHERE k.person_id = (SELECT id FROM subject)))
"""


@cache
def _version_template():
    models = {
        "user": User,
        "artifact": Artifact,
        "tag": ArtifactTag,
        "criterion": Criterion,
        "candidacy": Candidacy,
        "level": Level,
    }
    return with_tables(_VERSION_SQL, models, page="{page}", visible="{visible}")


@cache
def _visible_ids(relation, *, ordered):
    """The ids of the artifacts a viewer in `relation` may read, as the page lists them
    (artifacts_visible_to), in the list's order or none, compiled once per relation:
    building and compiling them on every view cost about a tenth of the page."""

    def build(owner):
        # Given the relation, what a viewer may read depends on it and the owner alone.
        owner = User(pk=owner)
        visible = artifacts_visible_to(owner, owner, relation).values("id")
        return visible if ordered else visible.order_by()

    return CompiledSQL(build)


def list_version(subject, relation, number, page_size):
    """What changes whenever anything the list's body shows changes, for page `number`
    of the artifacts a viewer standing in `relation` to `subject` may read."""
    page_sql, page_params = _visible_ids(relation, ordered=True)(owner=subject.pk)
    visible_sql, visible_params = _visible_ids(relation, ordered=False)(owner=subject.pk)
    sql = _version_template().format(page=f"{page_sql} LIMIT %s OFFSET %s", visible=visible_sql)
    params = [*page_params, page_size, (number - 1) * page_size, subject.pk, *visible_params]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone())


def requested_page(request):
    """The page number asked for, or None when the request is not one the cache serves."""
    if connection.vendor != "postgresql" or not set(request.GET) <= UNFILTERED:
        # The statement is PostgreSQL's; the zero-setup SQLite database serves one person
        # trying promo, who can afford to draw the page on every view.
        return None
    number = request.GET.get("page", "1")
    return int(number) if number.isdigit() and 0 < int(number) < 100_000 else None


def list_body_html(request, subject, relation, page_size, draw):
    """The list body's HTML for this request, for the artifacts the viewer (standing in
    `relation` to `subject`) may read; `draw()` renders the body (with its queries) when
    needed.

    On PostgreSQL a view that finds the body costs one statement and one cache read."""
    number = requested_page(request)
    if number is None:
        return draw()
    version = list_version(subject, relation, number, page_size)
    if number > 1 and version[2] == 0:
        return draw()  # past the last page: the paginator shows the last one instead
    inputs = (
        *drawn_for(request, _DRAWN_BY),
        subject.pk,
        request.GET.urlencode(),
        version,
    )
    return cached_body(request, "evidence-list-body", inputs, draw)
