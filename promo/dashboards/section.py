"""The dashboard section of My team (the table, its pages and the chart), drawn once per
change of what it shows and kept in the shared cache.

Loading the shown people in full (snapshot, level, manager, team and cases) to key and
draw their rows was about half of the page's time. The section is keyed by:
- the viewer, the filters and the query string (the CSV and page links), the time zone
  and language;
- what the page worked out from the light summaries of everyone in scope: who is shown,
  in order, how many match, the page, and the chart's monthly counts;
- one statement's digest of every row the section shows, read whole (`row::text`): the
  shown people, their snapshots, levels, managers and teams, and their cases;
- the database's identity and the drawing code.

The filter form above it is drawn on every view (its menus come from the summaries).
"""

from functools import cache

from django.db import connection

from promo.dashboards.models import ReadinessSnapshot
from promo.models import Candidacy, Level, Team, User
from promo.web.fragments import cached_fragment, drawn_for, with_tables
from promo.web.prepared import prepared_cursor

SECTION = "promo/candidacy/team.html#dashboard"
_DRAWN_BY = (
    "promo/dashboards/section.py",
    "promo/dashboards/team.py",
    "promo/dashboards/rows.py",
    "promo/dashboards/marks.py",
    "promo/dashboards/charts.py",
    "promo/dashboards/views.py",
    "promo/candidacies/queries.py",
    "templates/promo/candidacy/team.html",
    "templates/promo/candidacy/_team_row.html",
)

_VERSION_SQL = """
SELECT
  (SELECT oid FROM pg_database WHERE datname = current_database()),
  (SELECT md5(string_agg(u::text || '/' || COALESCE(s::text, '') || '/'
                         || COALESCE(l::text, '') || '/' || COALESCE(m::text, '') || '/'
                         || COALESCE(t::text, ''), '|' ORDER BY u.id))
   FROM {user} u
   LEFT JOIN {snapshot} s ON s.person_id = u.id
   LEFT JOIN {level} l ON l.id = u.level_id
   LEFT JOIN {user} m ON m.id = u.manager_id
   LEFT JOIN {team} t ON t.id = u.team_id
   WHERE u.id = ANY(%(people)s)),
  (SELECT md5(string_agg(k::text, '|' ORDER BY k.id)) FROM {candidacy} k
   WHERE k.person_id = ANY(%(people)s))
"""


@cache
def _version_sql():
    models = {
        "user": User,
        "snapshot": ReadinessSnapshot,
        "level": Level,
        "team": Team,
        "candidacy": Candidacy,
    }
    return with_tables(_VERSION_SQL, models)


def rows_version(person_ids):
    """What changes whenever anything the rows of `person_ids` show changes."""
    with prepared_cursor() as cursor:
        cursor.execute(_version_sql(), {"people": list(person_ids)})
        return tuple(cursor.fetchone())


def dashboard_section_html(request, filters, page, counts, draw):
    """The section's HTML for this request: `page` is dashboard_page's, `counts` the
    chart's (org_counts'), `draw()` renders the section with the rows loaded.

    On PostgreSQL a view that finds the section costs one statement and one cache read."""
    if connection.vendor != "postgresql":
        # The statement is PostgreSQL's; the zero-setup SQLite database serves one person
        # trying promo, who can afford to draw the section on every view.
        return draw()
    inputs = (
        *drawn_for(request, _DRAWN_BY),
        tuple(sorted(filters.items(), key=lambda item: item[0])),
        request.GET.urlencode(),
        tuple(page["shown"]),
        (page["total"], page["matching"], page["page"], page["pages"]),
        tuple(counts),
        rows_version(page["shown"]),
    )
    return cached_fragment("team-dashboard", inputs, draw)
