"""Who may see promo documents, their versions, review rounds, threads and verdicts.

Every answer is computed from the organisation and the rounds as they are at the moment
of the request. Nothing is copied when a round opens, so a change in the organisation
(a new manager, a mentor removed, a person deactivated) takes effect at once.

Round members, the audience of one round and of the version it reviews:
- the engineer who owns the document;
- each mentor chosen for the round who is still assigned to the engineer now and still
  active;
- when the round "includes my manager": the engineer's manager now (User.manager), if
  active. A manager who leaves the chain loses those rounds; the new manager gains them.

Versions: a version is readable only by the members of the round on THAT version. The
engineer's visibility rules admit nobody to the whole document (no such rule exists), so
reviewing an earlier round opens no later version. A diff needs read access to both.

Documents: the document page is open to the engineer and to members of at least one of
its rounds; it lists only what the viewer may read. Only the engineer changes it.

Threads live in the newest round they were carried into, and are read (and quoted by
event nudges, checked again at delivery) by that round's members only.

Verdicts: a verdict, its value, its reviewer and its note are visible to the audience of
its round. Anyone else who may see a page listing verdicts (readiness, case, My team, the
document page) sees at most that a verdict exists ("a mentor gave a verdict").

Staff get 404 like everyone else: a promo draft is not the organisation's business until
shared. An export job is for whoever asked for it, while they may still read the version.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404

from promo.models import MentorAssignment, User
from promo.web.lookups import columns_of, instance_by, instance_by_pk, instances_from
from promo.web.prepared import prepared_cursor
from reviews.models import DocumentVersion, ExportJob, PromoDocument, ReviewRound, Thread

DOCUMENT_RELATED = (
    "candidacy__person",
    "candidacy__person__manager",
    "candidacy__ladder",
    "candidacy__target_level",
)
VERSION_RELATED = tuple(f"document__{path}" for path in DOCUMENT_RELATED)
ROUND_RELATED = ("version", *(f"document__{path}" for path in DOCUMENT_RELATED))
ROUND_REVIEWERS = ReviewRound.reviewers.through


def _mentors_now(person_id):
    """Q over User: the person's assigned mentors, as the org stands now."""
    assigned = MentorAssignment.objects.filter(mentee_id=person_id).values("mentor_id")
    return Q(pk__in=assigned)


def mentors_now(candidacy):
    """The engineer's active mentors now."""
    return User.objects.filter(_mentors_now(candidacy.person_id), is_active=True).order_by(
        "display_name", "pk"
    )


def reviewers_now(review_round):
    """The round's members other than the engineer, now: still-mentoring chosen mentors
    and, when included, the engineer's current manager. Active people only."""
    candidacy = review_round.document.candidacy
    chosen = ROUND_REVIEWERS.objects.filter(reviewround_id=review_round.pk).values("user_id")
    members = Q(pk__in=chosen) & _mentors_now(candidacy.person_id)
    if review_round.includes_manager:
        manager_id = User.objects.filter(pk=candidacy.person_id).values("manager_id")
        members |= Q(pk__in=manager_id)
    return (
        User.objects.filter(members, is_active=True)
        .exclude(pk=candidacy.person_id)
        .order_by("display_name", "pk")
    )


_MEMBERS_NOW_SQL = """
SELECT {columns}, c.reviewround_id AS chosen_for FROM {user} u
JOIN {chosen} c ON c.user_id = u.id
WHERE c.reviewround_id IN ({rounds}) AND u.is_active AND u.id <> %s
  AND EXISTS (SELECT 1 FROM {assignment} m WHERE m.mentor_id = u.id AND m.mentee_id = %s)
UNION ALL
SELECT {columns}, NULL FROM {user} u JOIN {user} p ON p.manager_id = u.id
WHERE p.id = %s AND u.is_active
"""


def attach_reviewers_now(rounds, document):
    """Set `members_now` (see reviewers_now) on each round of `document`: one statement,
    whatever the number of rounds. Its chosen mentors still assigned, and the engineer's
    active manager, in one raw query: three compiled ones cost more than they read."""
    person_id = document.candidacy.person_id
    sql = _MEMBERS_NOW_SQL.format(
        columns=columns_of(User, "u"),
        user=User._meta.db_table,
        chosen=ROUND_REVIEWERS._meta.db_table,
        assignment=MentorAssignment._meta.db_table,
        rounds=", ".join(["%s"] * len(rounds)) or "NULL",
    )
    params = [*(r.pk for r in rounds), person_id, person_id, person_id]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    chosen, manager = defaultdict(list), None
    for person, row in zip(instances_from(User, rows), rows, strict=True):
        if row[-1] is None:
            manager = person
        else:
            chosen[row[-1]].append(person)
    for review_round in rounds:
        people = {p.pk: p for p in chosen[review_round.pk]}
        if review_round.includes_manager and manager is not None:
            people[manager.pk] = manager
        review_round.members_now = sorted(people.values(), key=lambda p: (p.display_name, p.pk))
    return rounds


def _member_of_round(viewer):
    """Q over ReviewRound: rounds whose audience includes `viewer` now."""
    owner = "document__candidacy__person_id"
    chosen = Exists(
        ROUND_REVIEWERS.objects.filter(reviewround_id=OuterRef("pk"), user_id=viewer.pk)
    )
    assigned = Exists(
        MentorAssignment.objects.filter(mentor_id=viewer.pk, mentee_id=OuterRef(owner))
    )
    manager_now = Q(includes_manager=True, document__candidacy__person__manager_id=viewer.pk)
    return Q(**{owner: viewer.pk}) | (chosen & assigned) | manager_now


def rounds_readable_by(viewer):
    """Every round (and so every version) `viewer` may read now, as a queryset."""
    if not (viewer.is_authenticated and viewer.is_active):
        return ReviewRound.objects.none()
    return ReviewRound.objects.filter(_member_of_round(viewer))


def can_read_round(viewer, review_round):
    return rounds_readable_by(viewer).filter(pk=review_round.pk).exists()


def is_round_reviewer(user, review_round):
    """A member of the round now who is not its engineer: gives verdicts and feedback."""
    members = getattr(review_round, "members_now", None)
    if members is None:
        members = review_round.members_now = list(reviewers_now(review_round))
    return any(member.pk == user.pk for member in members)


def document_for_viewer(viewer, pk, *, write=False):
    """The promo document `pk` for its engineer, or read-only for a member of one of its
    rounds now (PermissionDenied when they ask to change it); everyone else gets Http404."""
    document = instance_by_pk(PromoDocument, pk, DOCUMENT_RELATED)
    if document is None or not viewer.is_authenticated:
        raise Http404("No such document.")
    if document.owner_id == viewer.pk:
        return document
    if not rounds_readable_by(viewer).filter(document_id=document.pk).exists():
        raise Http404("No such document.")
    if write:
        raise PermissionDenied("Only the engineer changes their promo document.")
    return document


def versions_readable_by(viewer, document):
    """The document's versions `viewer` may read, oldest first."""
    versions = document.versions.order_by("number")
    if document.owner_id == viewer.pk:
        return versions
    return versions.filter(round__in=rounds_readable_by(viewer))


def version_for_viewer(viewer, document_pk, number):
    """One version, for its engineer and the members of the round on that version now.

    The version with its document by key, then one statement asking whether the viewer is
    a member of its round now (reviewers_now's rule), which rounds_readable_by admits.
    Asking through that queryset, twice (the document, then the version), was more than
    half of the page's time, and reading every member to find one a third of the rest."""
    version = instance_by(DocumentVersion, VERSION_RELATED, document_id=document_pk, number=number)
    if version is None:
        raise Http404("No such version.")
    if version.document.owner_id == viewer.pk:
        return version
    if not (viewer.is_authenticated and viewer.is_active):
        raise Http404("No such version.")
    if not _is_member_now(viewer.pk, version.pk, version.document.owner_id):
        raise Http404("No such version.")
    return version


_MEMBER_NOW_SQL = """
SELECT EXISTS (
  SELECT 1 FROM {round} r WHERE r.version_id = %(version)s AND %(viewer)s <> %(person)s AND (
    (EXISTS (SELECT 1 FROM {chosen} c WHERE c.reviewround_id = r.id AND c.user_id = %(viewer)s)
     AND EXISTS (SELECT 1 FROM {assignment} m
                 WHERE m.mentor_id = %(viewer)s AND m.mentee_id = %(person)s))
    OR (r.includes_manager AND EXISTS (SELECT 1 FROM {user} p
                                       WHERE p.id = %(person)s AND p.manager_id = %(viewer)s))))
"""


def _is_member_now(viewer_id, version_id, person_id):
    """Is the (active) viewer a member now of the round on the version, other than its
    engineer: a chosen mentor still assigned, or the engineer's manager now when the round
    includes them? False when the version is in no round."""
    sql = _MEMBER_NOW_SQL.format(
        round=ReviewRound._meta.db_table,
        chosen=ROUND_REVIEWERS._meta.db_table,
        assignment=MentorAssignment._meta.db_table,
        user=User._meta.db_table,
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, {"version": version_id, "viewer": viewer_id, "person": person_id})
        return cursor.fetchone()[0]


def round_for_viewer(viewer, pk, *, reviewer=False, owner=False):
    """The round `pk` for its members now; Http404 for anyone else.

    reviewer=True: only a reviewer may act (the engineer gets PermissionDenied);
    owner=True: only the engineer may act (a reviewer gets PermissionDenied).
    """
    if not (viewer.is_authenticated and viewer.is_active):
        raise Http404("No such review round.")
    review_round = instance_by_pk(ReviewRound, pk, ROUND_RELATED)
    if review_round is None:
        raise Http404("No such review round.")
    # The members now are read for the page anyway; the engineer and they are exactly
    # whom rounds_readable_by admits. Asking the database both at once took it longer to
    # plan (the select's joins with the audience's OR of subqueries) than to answer.
    attach_reviewers_now([review_round], review_round.document)
    is_owner = review_round.document.owner_id == viewer.pk
    is_reviewer = is_round_reviewer(viewer, review_round)
    if not (is_owner or is_reviewer):
        raise Http404("No such review round.")
    if (reviewer and not is_reviewer) or (owner and not is_owner):
        raise PermissionDenied("That is not yours to do in this round.")
    return review_round


def thread_for_viewer(viewer, pk):
    """A thread, for the members of the round it now lives in."""
    thread = Thread.objects.filter(pk=pk).only("pk", "round_id").first()
    if thread is None:
        raise Http404("No such thread.")
    review_round = round_for_viewer(viewer, thread.round_id)
    thread = Thread.objects.get(pk=pk)
    thread.round = review_round
    return thread


def can_read_thread(viewer, thread_id):
    """May `viewer` read the thread (and its comments) now? For nudges that quote them."""
    return rounds_readable_by(viewer).filter(threads=thread_id).exists()


def export_for_viewer(viewer, pk):
    """An export job, for the person who asked for it while they may still read the version."""
    job = ExportJob.objects.select_related("version").filter(pk=pk, requested_by=viewer.pk).first()
    if job is None:
        raise Http404("No such export.")
    job.version = version_for_viewer(viewer, job.version.document_id, job.version.number)
    return job


def rounds_shared_with(viewer):
    """Rounds of other people's documents the viewer may read now, unclosed first, newest
    first."""
    return (
        rounds_readable_by(viewer)
        .exclude(document__candidacy__person_id=viewer.pk)
        .select_related(
            "version", "document__candidacy__person", "document__candidacy__target_level"
        )
        .order_by(F("closed_at").asc(nulls_first=True), "-opened_at", "-id")
    )


def verdict_rounds_readable_by(viewer, candidacy):
    """Ids of the candidacy's rounds whose verdicts `viewer` may read in full."""
    if viewer is None:
        return set()
    rounds = rounds_readable_by(viewer).filter(document__candidacy_id=candidacy.pk)
    return set(rounds.values_list("pk", flat=True))
