"""The home page: who you are in the organisation, and the two or three things to do now.

It gathers every domain (evidence, check-ins, reviews, dashboards), so it lives with the
project's wiring rather than in any one of them. Each step is one counting query,
whatever the numbers, so the page's query count is constant.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, Window
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from evidence.models import Artifact
from promo.dashboards.models import ReadinessSnapshot, ReadinessStatus
from promo.models import ImpactCheckIn, Ladder, Level, MentorAssignment, Team, User
from promo.org.access import mentees_of
from promo.org.models import person_name_sql
from promo.readiness.calendar import local_today
from promo.readiness.checkins.queries import still_open_before
from promo.web.context_processors import roles_for
from promo.web.prepared import prepared_cursor
from reviews.access import rounds_shared_with
from reviews.models import ReviewRound

MOST_STEPS = 3


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str
    count: int | None = None
    detail: str = ""


def _plural(count, one, many):
    return one if count == 1 else many


@dataclass(frozen=True)
class Own:
    """What home shows of the viewer's own: their place in the organisation and the counts
    behind the check-in and weekly-win steps."""

    team: str | None
    level: str | None
    ladder: str | None
    manager: str | None
    checkins_due: int
    checkins_old: int
    wins_this_week: int


# One statement, in plain SQL: through the ORM, the org card's joins and the two counts
# cost 2 ms of compiling and building objects per view, six times the queries themselves.
# The conditions are those of ImpactCheckIn.objects.due_for and of an owner's own live
# artifacts; tests/promo/test_home.py checks the counts against both querysets.
_OWN = """
SELECT
  (SELECT name FROM {team} WHERE id = u.team_id),
  (SELECT code || ' ' || title FROM {level} WHERE id = u.level_id),
  (SELECT name FROM {ladder} WHERE id = u.ladder_id),
  (SELECT {manager_name} FROM {user} m WHERE m.id = u.manager_id),
  (SELECT COUNT(*) FROM {checkin} c JOIN {artifact} a ON a.id = c.artifact_id
    WHERE a.owner_id = u.id AND a.deleted_at IS NULL AND c.recorded_at IS NULL
      AND c.unmeasurable_at IS NULL AND c.due_on <= %(today)s
      AND (c.snoozed_until IS NULL OR c.snoozed_until <= %(today)s)),
  (SELECT COUNT(*) FROM {checkin} c JOIN {artifact} a ON a.id = c.artifact_id
    WHERE a.owner_id = u.id AND a.deleted_at IS NULL AND c.recorded_at IS NULL
      AND c.unmeasurable_at IS NULL AND c.due_on < %(still_open_before)s
      AND (c.snoozed_until IS NULL OR c.snoozed_until <= %(today)s)),
  (SELECT COUNT(*) FROM {artifact} a WHERE a.owner_id = u.id AND a.deleted_at IS NULL
    AND a.happened_on >= %(monday)s AND a.happened_on <= %(today)s)
FROM {user} u WHERE u.id = %(pk)s
"""


def _own_sql():
    tables = {"team": Team, "level": Level, "ladder": Ladder, "user": User}
    tables |= {"checkin": ImpactCheckIn, "artifact": Artifact}
    names = {name: model._meta.db_table for name, model in tables.items()}
    return _OWN.format(manager_name=person_name_sql("m"), **names)


def own_for(user, today):
    """The Own of `user` on their `today`, in one query."""
    params = {
        "pk": user.pk,
        "today": today,
        "still_open_before": still_open_before(today),
        "monday": today - timedelta(days=today.weekday()),
    }
    with prepared_cursor() as cursor:
        cursor.execute(_own_sql(), params)
        return Own(*cursor.fetchone())


def mentor_names_of(user):
    """The names of `user`'s mentors, in the order the ORM lists people."""
    sql = (
        f"SELECT {person_name_sql('m')} FROM {User._meta.db_table} m "  # noqa: S608 - table names from the models
        f"JOIN {MentorAssignment._meta.db_table} ma ON ma.mentor_id = m.id "
        "WHERE ma.mentee_id = %s ORDER BY m.display_name, m.email"
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return [name for (name,) in cursor.fetchall()]


def _checkins_step(own):
    if not own.checkins_due:
        return None
    detail = f"{own.checkins_old} of them still open from earlier" if own.checkins_old else ""
    label = _plural(own.checkins_due, "Answer the check-in due", "Answer the check-ins due")
    return NextStep(label, reverse("checkins_due"), own.checkins_due, detail)


def _win_step(user, own):
    if user.ladder_id is None or own.wins_this_week:
        return None
    return NextStep(
        "Log this week's win", reverse("quick_capture"), 0, "Nothing logged since Monday yet"
    )


def _draft_step(user):
    # The first open round and how many there are, in one query (a window count).
    first = (
        rounds_shared_with(user)
        .filter(status=ReviewRound.Status.OPEN)
        .annotate(waiting=Window(Count("pk")))
        .values_list("pk", "document__candidacy__person__display_name", "waiting")
        .first()
    )
    if first is None:
        return None
    pk, author, waiting = first
    if waiting == 1:
        return NextStep(f"Review {author}'s draft", reverse("reviews_round", args=[pk]), 1)
    return NextStep("Review the drafts waiting for you", reverse("reviews_shared"), waiting)


def _reports_step(user):
    counts = ReadinessSnapshot.objects.filter(person__manager_id=user.pk).aggregate(
        ready=Count("pk", filter=Q(status=ReadinessStatus.READY)),
        close=Count("pk", filter=Q(status=ReadinessStatus.CLOSE)),
    )
    if counts["ready"]:
        detail = f"and {counts['close']} close" if counts["close"] else ""
        label = _plural(counts["ready"], "Report ready for a case", "Reports ready for a case")
        return NextStep(label, f"{reverse('team')}?status=ready", counts["ready"], detail)
    if counts["close"]:
        label = _plural(counts["close"], "Report close to ready", "Reports close to ready")
        return NextStep(label, f"{reverse('team')}?status=close", counts["close"])
    return None


def next_steps_for(user, *, now=None, roles=(True, True), own=None):
    """At most MOST_STEPS things for `user` to do now, most pressing first: a draft
    waiting for their review, check-ins due, reports ready or close, this week's win.

    `roles`: (manages anyone, mentors anyone) when the caller knows them. Only a manager
    or a mentor is ever a reader of someone else's round, and only a manager has reports,
    so an engineer who is neither is not asked about either. `own`: their Own, when
    the caller has read it already."""
    manages, mentors = roles
    own = own or own_for(user, local_today(now or timezone.now(), user.zone))
    steps = [
        _draft_step(user) if manages or mentors else None,
        _checkins_step(own),
        _reports_step(user) if manages else None,
        _win_step(user, own),
    ]
    return [step for step in steps if step][:MOST_STEPS]


@require_GET
def home(request):
    user = request.user
    manages, mentors = roles = roles_for(request)  # asked for the navigation anyway
    own = own_for(user, local_today(timezone.now(), user.zone))
    reports = User.objects.filter(manager_id=user.pk).select_related("team", "level")
    context = {
        "next_steps": next_steps_for(user, roles=roles, own=own),
        "own": own,
        "mentors": mentor_names_of(user),
        "mentees": mentees_of(user) if mentors else [],
        "reports": reports if manages else [],
    }
    return render(request, "promo/home.html", context)
