"""The body of a review round's page, drawn once per change of what it shows to its reader
and kept in the shared cache.

Reading fifty threads with their comments and gaps and rendering the sections, threads and
verdict forms was most of a round page's time, though the threads' own HTML was cached.
The body is keyed by:
- the round, the reader, how they stand (the engineer, a member now, what they may do
  with the case's gaps, staff), the members now, and the reader's time zone, language
  and the section a "Comment on this section" link chose;
- what the reader may see of the cited evidence and quoted confirmations (read each view,
  as the page always did) and one statement's digest of every row the body shows, read
  whole (`row::text`): the document's rounds with their versions' numbers and reviewers,
  this round's version, threads, comments, gap links and verdicts, the case's gaps and
  criteria, the engineer's mentor assignments, the cited artifacts and confirmations, and
  the names of everyone shown. Any edit of any of those rows is a new key;
- the database's identity and the drawing code.
"""

from functools import cache

from django.db import connection

from evidence.models import Artifact
from promo.models import Attestation, Criterion, Gap, MentorAssignment, User
from promo.org.models import person_name_sql
from promo.web.fragments import (
    cached_body,
    drawn_for,
    with_tables,
)
from promo.web.prepared import prepared_cursor
from reviews.models import Comment, DocumentVersion, ReviewRound, Thread, Verdict

BODY = "reviews/round.html#round-body"
_DRAWN_BY = (
    "reviews/views/round_body.py",
    "reviews/views/round_threads.py",
    "reviews/views/rounds.py",
    "reviews/forms.py",
    "reviews/rendering.py",
    "reviews/citations.py",
    "reviews/highlights.py",
    "reviews/models.py",
    "promo/web/markdown.py",
    "templates/reviews/round.html",
    "templates/reviews/_verdicts.html",
)

_VERSION_SQL = """
SELECT
  (SELECT oid FROM pg_database WHERE datname = current_database()),
  (SELECT md5(string_agg(r::text || '/' || v.number, '|' ORDER BY r.id))
   FROM {round} r JOIN {version} v ON v.id = r.version_id
   WHERE r.document_id = %(document)s),
  (SELECT md5(string_agg(m.reviewround_id || ':' || m.user_id, '|' ORDER BY m.id))
   FROM {reviewers} m JOIN {round} r ON r.id = m.reviewround_id
   WHERE r.document_id = %(document)s),
  (SELECT md5(v::text) FROM {version} v WHERE v.id = %(version)s),
  (SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {thread} t
   WHERE t.round_id = %(round)s),
  (SELECT md5(string_agg(c::text, '|' ORDER BY c.id))
   FROM {comment} c JOIN {thread} t ON t.id = c.thread_id WHERE t.round_id = %(round)s),
  (SELECT md5(string_agg(l.thread_id || ':' || l.gap_id, '|' ORDER BY l.id))
   FROM {thread_gaps} l JOIN {thread} t ON t.id = l.thread_id WHERE t.round_id = %(round)s),
  (SELECT md5(string_agg(v::text, '|' ORDER BY v.id)) FROM {verdict} v
   WHERE v.round_id = %(round)s),
  (SELECT md5(string_agg(g::text, '|' ORDER BY g.id)) FROM {gap} g
   WHERE g.candidacy_id = %(candidacy)s),
  (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM {criterion} c
   WHERE c.ladder_id = %(ladder)s),
  (SELECT md5(string_agg(a.id || ':' || a.mentor_id, '|' ORDER BY a.id)) FROM {assignment} a
   WHERE a.mentee_id = %(owner)s),
  (SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM {artifact} a
   WHERE a.id = ANY(%(artifacts)s)),
  (SELECT md5(string_agg(x::text, '|' ORDER BY x.id)) FROM {attestation} x
   WHERE x.id = ANY(%(attestations)s)),
  (SELECT md5(string_agg(u.id || ':' || {name} || ':' || COALESCE(u.manager_id, 0)
                         || ':' || u.is_active, '|' ORDER BY u.id))
   FROM {user} u
   WHERE u.id = %(owner)s
      OR u.id = (SELECT manager_id FROM {user} WHERE id = %(owner)s)
      OR u.id IN (SELECT m.user_id FROM {reviewers} m JOIN {round} r ON r.id = m.reviewround_id
                  WHERE r.document_id = %(document)s)
      OR u.id IN (SELECT t.opened_by_id FROM {thread} t WHERE t.round_id = %(round)s)
      OR u.id IN (SELECT c.author_id FROM {comment} c JOIN {thread} t ON t.id = c.thread_id
                  WHERE t.round_id = %(round)s)
      OR u.id IN (SELECT v.reviewer_id FROM {verdict} v WHERE v.round_id = %(round)s))
"""


@cache
def _version_sql():
    models = {
        "round": ReviewRound,
        "reviewers": ReviewRound.reviewers.through,
        "version": DocumentVersion,
        "thread": Thread,
        "comment": Comment,
        "thread_gaps": Thread.gaps.through,
        "verdict": Verdict,
        "gap": Gap,
        "criterion": Criterion,
        "assignment": MentorAssignment,
        "artifact": Artifact,
        "attestation": Attestation,
        "user": User,
    }
    return with_tables(_VERSION_SQL, models, name=person_name_sql("u"))


def round_version(review_round, revealed):
    """What changes whenever a row the round's body shows changes."""
    document = review_round.document
    params = {
        "document": document.pk,
        "round": review_round.pk,
        "version": review_round.version_id,
        "candidacy": document.candidacy_id,
        "ladder": document.candidacy.ladder_id,
        "owner": document.owner_id,
        "artifacts": sorted(revealed),
        "attestations": sorted(revealed.attestations),
    }
    with prepared_cursor() as cursor:
        cursor.execute(_version_sql(), params)
        return tuple(cursor.fetchone())


def round_body_html(request, review_round, revealed, rights, draw):
    """The round body's HTML for this request. `draw(slotted)` renders it: with the CSRF
    token's slot when `slotted` (to be cached), else with this request's token.

    On PostgreSQL a view that finds the body costs one statement and one cache read."""
    if connection.vendor != "postgresql":
        # The version statement is PostgreSQL's; the zero-setup SQLite database serves
        # one person trying promo, who can afford to draw the round on every view.
        return draw(False)
    viewer = request.user
    inputs = (
        *drawn_for(request, _DRAWN_BY),
        review_round.pk,
        viewer.is_staff,
        (rights.view, rights.prepare, rights.gaps, rights.decide, rights.status),
        tuple((member.pk, str(member)) for member in review_round.members_now),
        request.GET.get("section"),
        tuple(sorted((pk, artifact.title) for pk, artifact in revealed.items())),
        tuple(sorted((pk, repr(found)) for pk, found in revealed.attestations.items())),
        round_version(review_round, revealed),
    )
    return cached_body(request, "round-body", inputs, lambda: draw(True))
