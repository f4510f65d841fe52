"""The readiness section of a page (templates/promo/readiness/_readiness.html), drawn once
per change of what it shows and kept in the shared cache.

Computing readiness reads every tag the person ever had and renders about 50 KB: most of
the case, readiness and candidacy pages' time. The section is keyed by:
- the person, the viewer (what they may see: an owner sees private evidence, a manager
  does not, a mentor sees what the rounds they read say) and the person's local today;
- the person's FactsVersion token, renewed in the transaction of every change a service
  makes to their facts (promo.web.readiness_changed), including the organisation's
  changes that move access (a new manager, mentor or ladder);
- a digest of their evidence, tags, check-ins, cases, gaps and verdicts (counts, newest
  ids and edit counters) and of their review rounds' audiences (reviewers, the manager,
  status: which verdicts a viewer may read) read in the same statement, so rows written
  without a service (imports, bulk loads, the shell) change the key too;
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

# One statement: the token, the database's identity and what the person's facts hold,
# each a scalar subquery (a row as text): planned one by one, they cost PostgreSQL a
# third of the time to plan that the same aggregates cross-joined did. Tags and check-ins
# are read by their artifacts' ids (`= ANY(ARRAY(...))`, index lookups): joined, the
# planner scanned every tag and check-in of everyone, twice the time for 229 artifacts.
_VERSION_SQL = """
SELECT
  (SELECT token FROM promo_factsversion WHERE person_id = %(person)s),
  (SELECT oid FROM pg_database WHERE datname = current_database()),
  (SELECT ROW(count(*), max(updated_at), sum(version))::text
   FROM evidence_artifact WHERE owner_id = %(person)s),
  (SELECT ROW(count(*), max(t.id), sum(hashtext(t.strength || t.criterion_id)::bigint))::text
   FROM evidence_artifacttag t WHERE t.artifact_id = ANY(ARRAY(
     SELECT id FROM evidence_artifact WHERE owner_id = %(person)s))),
  (SELECT ROW(count(*), max(c.id), sum(c.version), count(c.recorded_at),
              count(c.unmeasurable_at), max(c.snoozed_until), max(c.due_on))::text
   FROM promo_impactcheckin c WHERE c.artifact_id = ANY(ARRAY(
     SELECT id FROM evidence_artifact WHERE owner_id = %(person)s))),
  (SELECT ROW(count(*), max(id), sum(hashtext(status || target_level_id)::bigint))::text
   FROM promo_candidacy WHERE person_id = %(person)s),
  (SELECT ROW(count(*), max(g.id), count(g.closed_at))::text
   FROM promo_gap g JOIN promo_candidacy k ON k.id = g.candidacy_id
   WHERE k.person_id = %(person)s),
  (SELECT ROW(count(*), max(v.given_at))::text
   FROM reviews_verdict v
   JOIN reviews_reviewround r ON r.id = v.round_id
   JOIN reviews_promodocument p ON p.id = r.document_id
   JOIN promo_candidacy k ON k.id = p.candidacy_id
   WHERE k.person_id = %(person)s),
  (SELECT ROW(count(DISTINCT r.id), count(DISTINCT r.id) FILTER (WHERE r.includes_manager),
              sum(hashtext(r.status)::bigint), count(m.id),
              sum(hashtext(r.id || ':' || m.user_id)::bigint))::text
   FROM reviews_reviewround r
   JOIN reviews_promodocument p ON p.id = r.document_id
   JOIN promo_candidacy k ON k.id = p.candidacy_id
   LEFT JOIN reviews_reviewround_reviewers m ON m.reviewround_id = r.id
   WHERE k.person_id = %(person)s)
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
