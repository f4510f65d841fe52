"""The weekly habit and the long view: "This week" and the month-by-month timeline."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from evidence.access import artifacts_visible_to
from evidence.queries import months_of, week_start, weeks_before, with_tags
from evidence.views.artifacts import subject_of
from promo.readiness.checkins.services import checkins_due_for


@require_GET
def this_week(request):
    today = timezone.localdate(timezone=request.user.zone)
    monday = week_start(today)
    mine = artifacts_visible_to(request.user, request.user)
    entries = with_tags(mine.filter(happened_on__gte=monday, happened_on__lte=today))
    return render(
        request,
        "evidence/this_week.html",
        {
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "entries": entries,
            "previous_weeks": weeks_before(mine, monday),
            "due_checkins": checkins_due_for(request.user),
        },
    )


@require_GET
def evidence_timeline(request):
    subject = subject_of(request, page="Evidence timeline")
    this_year = timezone.localdate(timezone=request.user.zone).year
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1970 <= int(year) <= this_year + 1 else this_year
    rows = artifacts_visible_to(request.user, subject)
    return render(
        request,
        "evidence/timeline.html",
        {
            "subject": subject,
            "is_own": subject.pk == request.user.pk,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1 if year < this_year else None,
            "months": months_of(rows, year),
        },
    )
