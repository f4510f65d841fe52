"""My team (a manager's reports and their cases) and Mentoring (a mentor's mentees)."""

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from promo.access.candidacies import reports_of
from promo.candidacy_forms import OpenCandidacyForm
from promo.models import Candidacy, User
from promo.services.candidacy import candidacy_open
from promo.views.attempt import attempt


def _with_latest_candidacy(people):
    """People with `.latest_candidacy` (open first, then newest), in a fixed number of queries."""
    rows = list(
        people.select_related("team", "level", "manager").prefetch_related(
            Prefetch(
                "candidacies",
                queryset=Candidacy.objects.select_related("target_level").order_by(
                    "-created_at", "-id"
                ),
                to_attr="all_candidacies",
            )
        )
    )
    for person in rows:
        open_ones = [c for c in person.all_candidacies if c.is_open]
        person.latest_candidacy = (open_ones or person.all_candidacies or [None])[0]
    return rows


@require_http_methods(["GET", "POST"])
def team(request):
    """The cases of everyone below the manager, and a form to open one for a report."""
    reports = reports_of(request.user)
    form = OpenCandidacyForm(request.POST or None, people=reports)
    if request.method == "POST":
        opened = {}

        def call(data):
            opened["candidacy"] = candidacy_open(
                person=data["person"],
                by=request.user,
                target_level=data["target_level"],
                target_date=data["target_date"],
            )

        if attempt(form, call):
            candidacy = opened["candidacy"]
            messages.success(request, f"Opened a case for {candidacy.person}.")
            return redirect("candidacy_detail", candidacy.pk)
    context = {"people": _with_latest_candidacy(reports), "form": form}
    return render(request, "promo/candidacy/team.html", context)


@require_GET
def mentoring(request):
    """The cases of the engineers the viewer mentors, by assignment or on a candidacy."""
    user = request.user
    mentees = User.objects.filter(
        Q(mentor_links__mentor_id=user.pk) | Q(candidacies__mentors=user.pk)
    ).distinct()
    return render(
        request, "promo/candidacy/mentoring.html", {"people": _with_latest_candidacy(mentees)}
    )
