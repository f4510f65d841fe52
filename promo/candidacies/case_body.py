"""The body of a case page (everything under the layout), drawn once per change of what it
shows and kept in the shared cache.

Fetching the case with its submissions, gaps, criteria and people, and rendering its
sections and forms, was most of My case's and the candidacy page's time. The body is keyed by:
- the case, the viewer's rights over it now, whether it is their own, and their time zone
  and language (dates are shown in them);
- one statement's digest of every row the body shows, read whole (`row::text`), so any
  edit of any column, by a service or not, is a new key: the person's candidacies, their
  submissions with nominations and cycles, the case's gaps, its ladder's levels, criteria
  and expectations, the person's mentor assignments, and the names of everyone shown;
- the database's identity (a rebuilt database reuses ids) and the drawing code.

The readiness section is cached on its own (promo.readiness.section) and put in per view,
like the CSRF token: both are slots in the cached HTML.
"""

from functools import cache

from django.db import connection
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from promo.models import (
    Candidacy,
    Criterion,
    Expectation,
    Gap,
    Ladder,
    Level,
    MentorAssignment,
    Submission,
    User,
)
from promo.org.models import person_name_sql
from promo.web.fragments import (
    TOKEN_SLOT,
    cached_body,
    drawn_for,
    with_tables,
)
from promo.web.prepared import prepared_cursor

BODY = "promo/candidacy/case.html#case-body"
READINESS_SLOT = mark_safe("<!-- readiness-section-slot -->")  # noqa: S308 - a constant
_DRAWN_BY = (
    "promo/candidacies/case_body.py",
    "promo/candidacies/forms.py",
    "promo/candidacies/models.py",
    "promo/candidacies/queries.py",
    "promo/candidacies/views.py",
    "promo/committees/models.py",
    "templates/promo/candidacy/case.html",
)

# Each line is one scalar subquery: a digest of the rows, in a fixed order, or NULL.
_VERSION_SQL = """
SELECT
  (SELECT oid FROM pg_database WHERE datname = current_database()),
  (SELECT md5(string_agg(k::text, '|' ORDER BY k.id)) FROM {candidacy} k
   WHERE k.person_id = %(person)s),
  (SELECT md5(string_agg(s::text || '/' || COALESCE(n::text, '') || '/'
                         || COALESCE(y::text, ''), '|' ORDER BY s.id))
   FROM {submission} s JOIN {candidacy} k ON k.id = s.candidacy_id
   LEFT JOIN {nomination} n ON n.submission_id = s.id
   LEFT JOIN {cycle} y ON y.id = n.cycle_id
   WHERE k.person_id = %(person)s),
  (SELECT md5(string_agg(g::text, '|' ORDER BY g.id)) FROM {gap} g
   WHERE g.candidacy_id = %(candidacy)s),
  (SELECT md5(string_agg(x::text, '|' ORDER BY x.id)) FROM {ladder} x
   WHERE x.id IN (SELECT ladder_id FROM {candidacy} WHERE person_id = %(person)s)),
  (SELECT md5(string_agg(l::text, '|' ORDER BY l.id)) FROM {level} l
   WHERE l.ladder_id IN (SELECT ladder_id FROM {candidacy} WHERE person_id = %(person)s)),
  (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM {criterion} c
   WHERE c.ladder_id = %(ladder)s),
  (SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) FROM {expectation} e
   WHERE e.level_id = %(target)s),
  (SELECT md5(string_agg(a.id || ':' || a.mentor_id, '|' ORDER BY a.id)) FROM {assignment} a
   WHERE a.mentee_id = %(person)s),
  (SELECT md5(string_agg(u.id || ':' || {name} || ':' || COALESCE(u.manager_id, 0), '|'
                         ORDER BY u.id))
   FROM {user} u
   WHERE u.id = %(person)s
      OR u.id = (SELECT manager_id FROM {user} WHERE id = %(person)s)
      OR u.id IN (SELECT mentor_id FROM {assignment} WHERE mentee_id = %(person)s)
      OR u.id IN (SELECT opened_by_id FROM {gap} WHERE candidacy_id = %(candidacy)s)
      OR u.id IN (SELECT s.submitted_by_id FROM {submission} s WHERE s.candidacy_id = %(candidacy)s)
      OR u.id IN (SELECT s.decided_by_id FROM {submission} s WHERE s.candidacy_id = %(candidacy)s))
"""


@cache
def _version_sql():
    # Read through the relation committees declares, as the page does: candidacies does
    # not import committees.
    nomination = Submission._meta.get_field("nomination").related_model
    models = {
        "candidacy": Candidacy,
        "submission": Submission,
        "nomination": nomination,
        "cycle": nomination._meta.get_field("cycle").related_model,
        "gap": Gap,
        "ladder": Ladder,
        "level": Level,
        "criterion": Criterion,
        "expectation": Expectation,
        "assignment": MentorAssignment,
        "user": User,
    }
    return with_tables(_VERSION_SQL, models, name=person_name_sql("u"))


def case_version(candidacy):
    """What changes whenever anything the case body shows changes."""
    params = {
        "person": candidacy.person_id,
        "candidacy": candidacy.pk,
        "ladder": candidacy.ladder_id,
        "target": candidacy.target_level_id,
    }
    with prepared_cursor() as cursor:
        cursor.execute(_version_sql(), params)
        return tuple(cursor.fetchone())


def case_body_html(request, candidacy, rights, context, draw):
    """The case body's HTML for this request. `context` is what the view knows without
    reading the case's details (its rights, the readiness section, the unbound forms
    present); `draw(context)` adds those details, called only when the body is drawn.

    On PostgreSQL a view that finds the body costs one statement and one cache read."""
    if connection.vendor != "postgresql":
        # The version statement is PostgreSQL's; the zero-setup SQLite database serves
        # one person trying promo, who can afford to draw the case on every view.
        return render_to_string(BODY, draw(context), request=request)
    inputs = (
        *drawn_for(request, _DRAWN_BY),
        candidacy.pk,
        (rights.view, rights.prepare, rights.gaps, rights.decide, rights.status),
        context["is_own"],
        context.get("open_form") is not None,
        bool(context.get("readiness_person")),
        case_version(candidacy),
    )
    slots = {"csrf_token": TOKEN_SLOT, "readiness_html": READINESS_SLOT}

    def draw_slotted():
        return render_to_string(BODY, draw({**context, **slots}))

    html = cached_body(request, "case-body", inputs, draw_slotted)
    return mark_safe(  # noqa: S308 - our own template's output and the cached readiness section
        html.replace(READINESS_SLOT, str(context.get("readiness_html", "")), 1)
    )
