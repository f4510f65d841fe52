"""The body of an artifact's page, drawn once per change of what it shows and kept in the
shared cache.

Reading the artifact's tags, links, files, teams, people and confirmations, the owner's
target level and its expectations, and rendering the body, the tagging panel and the
confirmations was most of the page's time. The body is keyed by:
- the artifact, the viewer, whether it is theirs, their time zone and language;
- one statement's digest of every row the body shows, read whole (`row::text`): the
  artifact, its tags with their criteria, links, attachments, teams touched and adopted,
  collaborators, confirmations and requests with the people asked and their teams, the
  owner's ladder (levels, criteria, expectations) and cases (the target level), and the
  owner's management chain (a confirmation from above says "their manager");
- the database's identity and the drawing code.

A page asked with a query string (the tagging panel's chosen criterion) is drawn afresh.
"""

from functools import cache

from django.db import connection

from evidence.models import Artifact, ArtifactAttachment, ArtifactLink, ArtifactTag
from promo.models import (
    Candidacy,
    Criterion,
    Expectation,
    Level,
    Team,
    User,
)
from promo.org.models import person_name_sql
from promo.web.fragments import (
    cached_body,
    drawn_for,
    with_tables,
)
from promo.web.prepared import prepared_cursor

BODY = "evidence/detail.html#detail-body"
_DRAWN_BY = (
    "evidence/detail_body.py",
    "evidence/views/artifacts.py",
    "evidence/views/tags.py",
    "evidence/queries.py",
    "evidence/forms.py",
    "evidence/models.py",
    "promo/attestations/queries.py",
    "promo/templatetags/attestations.py",
    "promo/candidacies/targets.py",
    "promo/web/markdown.py",
    "templates/evidence/detail.html",
    "templates/evidence/_tags_panel.html",
    "templates/evidence/_subnav.html",
    "templates/attestations/_panel.html",
)

_VERSION_SQL = """
WITH owner AS (SELECT id, team_id, ladder_id FROM {user} WHERE id = %(owner)s)
SELECT
  (SELECT oid FROM pg_database WHERE datname = current_database()),
  (SELECT md5(a::text) FROM {artifact} a WHERE a.id = %(artifact)s),
  (SELECT md5(string_agg(t::text || '/' || c::text, '|' ORDER BY t.id))
   FROM {tag} t JOIN {criterion} c ON c.id = t.criterion_id WHERE t.artifact_id = %(artifact)s),
  (SELECT md5(string_agg(l::text, '|' ORDER BY l.id)) FROM {link} l
   WHERE l.artifact_id = %(artifact)s),
  (SELECT md5(string_agg(f::text, '|' ORDER BY f.id)) FROM {attachment} f
   WHERE f.artifact_id = %(artifact)s),
  (SELECT md5(string_agg('touched:' || x.team_id, '|' ORDER BY x.id)) FROM {touched} x
   WHERE x.artifact_id = %(artifact)s),
  (SELECT md5(string_agg('adopted:' || x.team_id, '|' ORDER BY x.id)) FROM {adopted} x
   WHERE x.artifact_id = %(artifact)s),
  (SELECT md5(string_agg(x.user_id::text, '|' ORDER BY x.id)) FROM {collaborators} x
   WHERE x.artifact_id = %(artifact)s),
  (SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) FROM {attestation} s
   WHERE s.artifact_id = %(artifact)s),
  (SELECT md5(string_agg(u.id || ':' || {name} || ':' || COALESCE(u.team_id, 0), '|'
                         ORDER BY u.id))
   FROM {user} u
   WHERE u.id = %(owner)s
      OR u.id IN (SELECT attester_id FROM {attestation} WHERE artifact_id = %(artifact)s)
      OR u.id IN (SELECT user_id FROM {collaborators} WHERE artifact_id = %(artifact)s)),
  (SELECT md5(string_agg(m.id || ':' || m.name, '|' ORDER BY m.id)) FROM {team} m
   WHERE m.id IN (SELECT team_id FROM {touched} WHERE artifact_id = %(artifact)s)
      OR m.id IN (SELECT team_id FROM {adopted} WHERE artifact_id = %(artifact)s)
      OR m.id IN (SELECT u.team_id FROM {user} u
                  WHERE u.id IN (SELECT attester_id FROM {attestation}
                                 WHERE artifact_id = %(artifact)s))),
  (SELECT md5(string_agg(o::text, '|')) FROM {user} o WHERE o.id = %(owner)s),
  (SELECT md5(string_agg(k::text, '|' ORDER BY k.id)) FROM {candidacy} k
   WHERE k.person_id = %(owner)s),
  (SELECT md5(string_agg(l::text, '|' ORDER BY l.id)) FROM {level} l
   WHERE l.ladder_id = (SELECT ladder_id FROM owner)),
  (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM {criterion} c
   WHERE c.ladder_id = (SELECT ladder_id FROM owner)),
  (SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) FROM {expectation} e
   JOIN {criterion} c ON c.id = e.criterion_id WHERE c.ladder_id = (SELECT ladder_id FROM owner)),
  (WITH RECURSIVE chain(id, manager_id, depth) AS (
       SELECT id, manager_id, 0 FROM {user} WHERE id = %(owner)s
       UNION ALL
       SELECT u.id, u.manager_id, chain.depth + 1
       FROM {user} u JOIN chain ON u.id = chain.manager_id
       WHERE chain.depth < 64)
   SELECT string_agg(id::text, ',' ORDER BY depth) FROM chain)
"""


@cache
def _version_sql():
    models = {
        "user": User,
        "artifact": Artifact,
        "tag": ArtifactTag,
        "criterion": Criterion,
        "link": ArtifactLink,
        "attachment": ArtifactAttachment,
        "touched": Artifact.teams_touched.through,
        "adopted": Artifact.teams_adopted.through,
        "collaborators": Artifact.collaborators.through,
        # Through the relation attestations declares, as the page's panel reads it:
        # evidence does not import attestations.
        "attestation": Artifact._meta.get_field("attestations").related_model,
        "team": Team,
        "candidacy": Candidacy,
        "level": Level,
        "expectation": Expectation,
    }
    return with_tables(_VERSION_SQL, models, name=person_name_sql("u"))


def artifact_version(artifact):
    """What changes whenever anything the artifact's page body shows changes."""
    with prepared_cursor() as cursor:
        cursor.execute(_version_sql(), {"artifact": artifact.pk, "owner": artifact.owner_id})
        return tuple(cursor.fetchone())


def detail_body_html(request, artifact, is_own, draw):
    """The artifact page body's HTML for this request. `draw(slotted)` renders it: with the
    CSRF token's slot when `slotted` (to be cached), else with this request's token.

    On PostgreSQL a view that finds the body costs one statement and one cache read."""
    if connection.vendor != "postgresql" or request.GET:
        # The version statement is PostgreSQL's; the zero-setup SQLite database serves
        # one person trying promo, who can afford to draw the page on every view.
        return draw(False)
    inputs = (
        *drawn_for(request, _DRAWN_BY),
        artifact.pk,
        is_own,
        artifact_version(artifact),
    )
    return cached_body(request, "artifact-body", inputs, lambda: draw(True))
