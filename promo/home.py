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

from evidence.access import artifacts_visible_to
from promo.dashboards.models import ReadinessSnapshot, ReadinessStatus
from promo.models import ImpactCheckIn, User
from promo.org.access import mentees_of
from promo.readiness.calendar import local_today
from promo.readiness.checkins.queries import still_open_before
from promo.web.context_processors import roles_for
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


def _checkins_step(user, today):
    due = ImpactCheckIn.objects.due_for(user, today).aggregate(
        due=Count("id"), old=Count("id", filter=Q(due_on__lt=still_open_before(today)))
    )
    if not due["due"]:
        return None
    detail = f"{due['old']} of them still open from earlier" if due["old"] else ""
    label = _plural(due["due"], "Answer the check-in due", "Answer the check-ins due")
    return NextStep(label, reverse("checkins_due"), due["due"], detail)


def _win_step(user, today):
    if user.ladder_id is None:
        return None
    monday = today - timedelta(days=today.weekday())
    wins = (
        artifacts_visible_to(user, user)
        .filter(happened_on__gte=monday, happened_on__lte=today)
        .count()
    )
    if wins:
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


def next_steps_for(user, *, now=None, roles=(True, True)):
    """At most MOST_STEPS things for `user` to do now, most pressing first: a draft
    waiting for their review, check-ins due, reports ready or close, this week's win.

    `roles`: (manages anyone, mentors anyone) when the caller knows them. Only a manager
    or a mentor is ever a reader of someone else's round, and only a manager has reports,
    so an engineer who is neither is not asked about either."""
    manages, mentors = roles
    today = local_today(now or timezone.now(), user.zone)
    steps = [
        _draft_step(user) if manages or mentors else None,
        _checkins_step(user, today),
        _reports_step(user) if manages else None,
        _win_step(user, today),
    ]
    return [step for step in steps if step][:MOST_STEPS]


@require_GET
def home(request):
    user = request.user
    manages, mentors = roles = roles_for(request)  # asked for the navigation anyway
    place = User.objects.select_related("team", "level", "ladder", "manager").get(pk=user.pk)
    reports = User.objects.filter(manager_id=user.pk).select_related("team", "level")
    context = {
        "next_steps": next_steps_for(user, roles=roles),
        "place": place,
        "manager": place.manager,
        "mentors": User.objects.filter(mentee_links__mentee_id=user.pk),
        "mentees": mentees_of(user) if mentors else [],
        "reports": reports if manages else [],
    }
    return render(request, "promo/home.html", context)
