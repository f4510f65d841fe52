"""The weekly habit and the long view: "This week" and the month-by-month timeline."""

from datetime import timedelta

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from evidence.access import artifacts_visible_to
from evidence.queries import months_of, week_start, weeks_before, with_tags
from evidence.rows import with_row_html
from evidence.views.artifacts import subject_of
from evidence.week_body import BODY, own_artifacts_between, week_body_html
from promo.readiness.checkins.services import checkins_due_shown
from promo.web.fragments import cached_fragment, template_digest

_THIS_WEEK = "evidence/this_week.html"
WEEKS_BEFORE = 12


def _previous_weeks_html(weeks):
    """The twelve weeks before this one, as links: drawn once per change of the titles and
    days they list, since drawing about a link per artifact was half of the page."""
    inputs = (
        template_digest(_THIS_WEEK),
        get_script_prefix(),
        get_language(),
        tuple(
            (start, tuple((a.pk, a.title, a.happened_on) for a in rows)) for start, rows in weeks
        ),
    )
    return cached_fragment(
        "previous-weeks",
        inputs,
        lambda: render_to_string(f"{_THIS_WEEK}#previous-weeks", {"previous_weeks": weeks}),
    )


@require_GET
def this_week(request):
    today = timezone.localdate(timezone=request.user.zone)
    monday = week_start(today)
    since = monday - timedelta(weeks=WEEKS_BEFORE)

    def draw():
        this_week = own_artifacts_between(request.user, monday, today)
        shown = own_artifacts_between(request.user, since, today)
        context = {
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "entries": with_row_html(with_tags(this_week)),
            "previous_weeks_html": _previous_weeks_html(weeks_before(shown, monday, WEEKS_BEFORE)),
            **checkins_due_shown(request.user),
        }
        return render_to_string(BODY, context)

    days = {"monday": monday, "since": since, "today": today}
    body = week_body_html(request, days, draw)
    return render(request, _THIS_WEEK, {"week_body": body})


@require_GET
def evidence_timeline(request):
    subject = subject_of(request, page="Evidence timeline")
    this_year = timezone.localdate(timezone=request.user.zone).year
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1970 <= int(year) <= this_year + 1 else this_year
    months = months_of(artifacts_visible_to(request.user, subject), year)
    with_row_html([artifact for _, artifacts in months for artifact in artifacts])
    return render(
        request,
        "evidence/timeline.html",
        {
            "subject": subject,
            "is_own": subject.pk == request.user.pk,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1 if year < this_year else None,
            "months": months,
        },
    )
