"""The readiness section of a page (templates/promo/readiness/_readiness.html), drawn once
per change of what it shows and kept in the shared cache.

Computing readiness reads every tag the person ever had and renders about 50 KB: most of
the case, readiness and candidacy pages' time. The section is keyed by:
- the person, the viewer (what they may see: an owner sees private evidence, a manager
  does not, a mentor sees what the rounds they read say) and the person's local today;
- the person's FactsVersion token, renewed in the transaction of every change to their
  facts: by the services that make them (promo.web.readiness_changed), including the
  organisation's changes that move access (a new manager, mentor or ladder), and by the
  database for any row of their evidence, tags, check-ins, cases, gaps, documents, review
  rounds, reviewers and verdicts written however (triggers, migration 0032), so rows
  written without a service (imports, bulk loads, the shell) change the key too;
- the database's identity (a rebuilt database reuses ids) and the drawing code.
"""

import hashlib

from django.core.cache import cache as shared_cache
from django.db import connection
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe

from promo.readiness.calendar import local_today
from promo.readiness.context import readiness_context
from promo.web.fragments import FRAGMENT_TTL, cache_call, files_digest
from promo.web.prepared import prepared_cursor

TEMPLATE = "promo/readiness/_readiness.html"
_DRAWN_BY = (
    "promo/readiness/calendar.py",
    "promo/readiness/context.py",
    "promo/readiness/explain.py",
    "promo/readiness/forecast.py",
    "promo/readiness/heatmap.py",
    "promo/readiness/queries.py",
    "promo/readiness/rule.py",
    "promo/readiness/section.py",
    "promo/readiness/verdicts.py",
    "reviews/verdicts.py",
    "templates/promo/readiness/_readiness.html",
    "templates/promo/checkins/_due.html",
)

# The token, and the database's identity (a rebuilt database reuses ids): one index
# lookup, however long the person's history.
_VERSION_SQL = """
SELECT
  (SELECT token FROM promo_factsversion WHERE person_id = %(person)s),
  (SELECT oid FROM pg_database WHERE datname = current_database())
"""


def facts_version(person_id):
    """What changes whenever anything the person's readiness is drawn from changes."""
    with prepared_cursor() as cursor:
        cursor.execute(_VERSION_SQL, {"person": person_id})
        return tuple(cursor.fetchone())


def readiness_section(person, viewer, *, now=None, show_gaps=True) -> dict:
    """Context for a page showing someone's readiness: readiness_html (the section),
    readiness_candidacy_id (the open case it judges, or None), readiness_has_target (whether
    there is a level it judges against), readiness_person, is_self.
    One statement and one cache read when nothing changed since it was last drawn."""
    now = now or timezone.now()
    if connection.vendor != "postgresql":
        # The version statement is PostgreSQL's; the zero-setup SQLite database serves one
        # person trying promo, who can afford to draw the section on every view.
        return _section_context(_drawn(person, viewer, now, show_gaps), person, viewer)
    inputs = (
        files_digest(_DRAWN_BY),
        get_script_prefix(),
        person.pk,
        str(person),
        viewer.pk,
        local_today(now, person.zone),
        show_gaps,
        facts_version(person.pk),
    )
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
    key = f"readiness-section:{digest}"
    found = cache_call(shared_cache.get, key)
    if found is None:
        found = _drawn(person, viewer, now, show_gaps)
        cache_call(shared_cache.set, key, found, FRAGMENT_TTL)
    return _section_context(found, person, viewer)


def _drawn(person, viewer, now, show_gaps):
    """(the section's HTML, the id of the open case it judges or None, whether it judges
    against a level: none on no ladder or at its top)."""
    context = readiness_context(person, viewer, now=now, show_gaps=show_gaps)
    html = render_to_string(TEMPLATE, context)
    result = context["readiness"]
    return html, getattr(result, "candidacy_id", None), bool(getattr(result, "target_label", ""))


def _section_context(drawn, person, viewer):
    html, candidacy_id, has_target = drawn
    return {
        "readiness_html": mark_safe(html),  # noqa: S308 - rendered by our own template
        "readiness_candidacy_id": candidacy_id,
        "readiness_has_target": has_target,
        "readiness_person": person,
        "is_self": viewer.pk == person.pk,
    }
