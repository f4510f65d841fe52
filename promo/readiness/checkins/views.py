"""Impact check-ins: the backlog of those due, answered several at once, and recording one."""

from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from promo.org.forms import CheckInForm
from promo.readiness.checkins.access import checkin_for_viewer
from promo.readiness.checkins.forms import BacklogRowForm
from promo.readiness.checkins.queries import (
    UPCOMING_DAYS,
    backlog_for,
    backlog_shown,
    checkins_posted_but_not_listed,
)
from promo.readiness.checkins.services import BacklogErrors, CheckInConflict, checkins_resolve
from promo.readiness.checkins.services import checkin_record as record_checkin
from promo.web.forms import attempt
from promo.web.fragments import (
    TOKEN_SLOT,
    cached_body,
    cached_fragments,
    drawn_for,
    source_digest,
)

GROUP_TEMPLATE = "promo/checkins/_backlog_group.html"
PAGE_TEMPLATE = "promo/checkins/due.html"
# What draws the page's #checkins block with nothing typed.
_BLOCK_DRAWN_BY = (
    "promo/readiness/checkins/views.py",
    "promo/readiness/checkins/queries.py",
    "promo/readiness/checkins/forms.py",
    "promo/readiness/checkins/models.py",
    "promo/org/forms.py",
    f"templates/{PAGE_TEMPLATE}",
    f"templates/{GROUP_TEMPLATE}",
)
# What draws a group: its template, its form and the form that one extends.
_GROUP_CODE = tuple(
    source_digest(Path(settings.BASE_DIR) / name)
    for name in (
        f"templates/{GROUP_TEMPLATE}",
        "promo/readiness/checkins/forms.py",
        "promo/org/forms.py",
    )
)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def checkins_due(request):
    """The backlog: due check-ins grouped by artifact, answered (or snoozed, or closed as
    unmeasurable) several at a time in one form. A refusal anywhere saves nothing and
    shows the page again with everything typed still there."""
    if request.method == "GET":
        return _unanswered_page(request)
    backlog = backlog_for(request.user, now=timezone.now())
    forms = {c.pk: BacklogRowForm(request.POST, checkin=c) for c in backlog.due_checkins}
    changed = checkins_posted_but_not_listed(request.user, request.POST, listed=forms)
    for group in changed:
        forms.update({c.pk: BacklogRowForm(request.POST, checkin=c) for c in group.checkins})
    saved = _save_backlog(request, forms)
    if saved is not None:
        messages.success(request, saved)
        if request.htmx:
            return HttpResponseClientRedirect(reverse("checkins_due"))
        return redirect("checkins_due")
    for group in backlog.recent + backlog.still_open + changed:
        group.rows = _rows(group, forms)
    # Only those that need a look: what was typed for them met a newer answer.
    changed = [g for g in changed if any(forms[c.pk].errors for c in g.checkins)]
    still_open_has_errors = any(forms[c.pk].errors for g in backlog.still_open for c in g.checkins)
    return _backlog_page(
        request, backlog, changed=changed, still_open_has_errors=still_open_has_errors
    )


def _backlog_context(backlog, *, changed=(), still_open_has_errors=False):
    return {
        "backlog": backlog,
        "changed": changed,
        "upcoming_days": UPCOMING_DAYS,
        "still_open_has_errors": still_open_has_errors,
    }


def _backlog_page(request, backlog, **shown):
    template = PAGE_TEMPLATE
    if request.htmx:
        template += "#checkins"
    return render(request, template, _backlog_context(backlog, **shown))


def _unanswered_page(request):
    """The page with nothing typed. Its #checkins block is cached per person, keyed by
    everything it shows of their check-ins (one query of plain rows) and their today:
    building the check-ins and putting the page together was most of the view."""
    now = timezone.now()
    today, rows = backlog_shown(request.user, now=now)

    def draw():
        backlog = backlog_for(request.user, now=now)
        _draw_unanswered(backlog.recent + backlog.still_open)
        context = {**_backlog_context(backlog), "csrf_token": TOKEN_SLOT}
        return render_to_string(f"{PAGE_TEMPLATE}#checkins", context)

    inputs = (
        *drawn_for(request, _BLOCK_DRAWN_BY),
        today,
        settings.CHECKIN_NUDGE_MAX_AGE_DAYS,
        tuple(rows),
    )
    block = cached_body(request, "checkins-block", inputs, draw)
    if request.htmx:
        return HttpResponse(block)
    return render(request, PAGE_TEMPLATE, {"checkins_html": block})


def _rows(group, forms):
    return [(checkin, forms[checkin.pk]) for checkin in group.checkins]


def _draw_group(group):
    """A group with nothing typed yet: its forms are made only when it must be drawn, since
    making about ten fields per check-in was most of a page whose groups the cache held."""
    group.rows = [(checkin, BacklogRowForm(checkin=checkin)) for checkin in group.checkins]
    return render_to_string(GROUP_TEMPLATE, {"group": group})


def _draw_unanswered(groups):
    """Each group's HTML as `group.html`, from the cache when drawn before: with nothing
    typed yet, a group's empty forms follow from its check-ins alone, and drawing about
    ten fields per check-in through Django's form templates was most of the page."""
    drawn = cached_fragments(
        "checkin-group",
        [
            (
                (
                    _GROUP_CODE,
                    get_script_prefix(),
                    group.artifact.pk,
                    group.artifact.title,
                    group.artifact.shipped_on,
                    tuple((c.pk, c.offset_days, c.due_on, c.version) for c in group.checkins),
                ),
                partial(_draw_group, group),
            )
            for group in groups
        ],
    )
    for group, html in zip(groups, drawn, strict=True):
        group.html = html


def _save_backlog(request, forms):
    """What was saved, as a sentence; None when the page must be shown again."""
    if not all(form.is_valid() for form in forms.values()):
        return None
    changes = [change for form in forms.values() if (change := form.change())]
    if not changes:
        return "Nothing to save: every check-in was left as it was."
    try:
        done = checkins_resolve(by=request.user, changes=changes)
    except BacklogErrors as refused:
        for pk, error in refused.errors.items():
            forms[pk].add_error(None, error)
            if pk in refused.current_versions:
                forms[pk].data = forms[pk].data.copy()
                forms[pk].data[forms[pk].add_prefix("version")] = refused.current_versions[pk]
        return None
    return _saved_sentence(done)


def _saved_sentence(done):
    parts = [
        f"{count} {label}"
        for count, label in (
            (done["record"], "answered"),
            (done["snooze"], "snoozed"),
            (done["unmeasurable"], "closed as unmeasurable"),
        )
        if count
    ]
    return "Check-ins saved: " + ", ".join(parts) + "."


def _initial(checkin):
    fields = ["outcome", "metric_before", "metric_after", "link", "version"]
    return {name: getattr(checkin, name) for name in fields}


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def checkin_record(request, pk):
    checkin = checkin_for_viewer(request.user, pk, write=True)
    form = CheckInForm(request.POST or None, initial=_initial(checkin))

    def call(data):
        record_checkin(
            checkin=checkin, by=request.user, expected_version=data["version"], **form.answers()
        )

    if request.method == "POST":
        try:
            recorded = attempt(form, call)
        except CheckInConflict as conflict:
            return _conflict_page(request, form, conflict.current)
        if recorded:
            messages.success(request, f"Recorded the check-in on “{checkin.artifact}”.")
            if request.htmx:
                return HttpResponseClientRedirect(reverse("checkins_due"))
            return redirect("checkins_due")
    template = "promo/checkins/record.html"
    if request.htmx:
        template += "#checkin-form"
    return render(request, template, {"form": form, "checkin": checkin})


def _conflict_page(request, form, current):
    """The saved answer beside the one just typed. The form holds the typed answer at the
    current version, so "save mine" replaces the saved one knowingly. A plain post gets the
    page with 409; htmx gets it in place of the form, as a 200 because htmx swaps no 4xx."""
    data = form.data.copy()
    data["version"] = current.version
    retry = CheckInForm(data)
    retry.is_valid()
    context = {"form": retry, "checkin": current, "mine": form.answers()}
    if request.htmx:
        return render(request, "promo/checkins/conflict.html#checkin-form", context)
    return render(request, "promo/checkins/conflict.html", context, status=409)
