"""Staff pages for the organisation: people, teams and mentor assignments."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from promo.accounts.invitations import invitation_states, person_save_and_invite
from promo.models import MentorAssignment, Team, User
from promo.org.access import may_change_account, person_for_account_change, require_staff
from promo.org.csv_import import COLUMNS
from promo.org.forms import MentorAssignmentForm, PeopleImportForm, PersonForm, TeamForm
from promo.org.models import LEAVING_DAYS
from promo.org.services import mentor_assign, mentor_unassign, people_import
from promo.web.body_limits import accepts_body_up_to
from promo.web.forms import attempt


@require_staff
@require_http_methods(["GET"])
def people(request):
    query = request.GET.get("q", "").strip()
    rows = User.objects.select_related("team", "manager", "level", "ladder")
    if query:
        rows = rows.filter(Q(display_name__icontains=query) | Q(email__icontains=query))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for person in page:
        person.may_edit = may_change_account(request.user, person)
    invitation_states(page.object_list)
    return render(request, "promo/staff/people.html", {"page": page, "query": query})


@require_staff
@require_http_methods(["GET", "POST"])
def person_edit(request, pk=None):
    person = person_for_account_change(request.user, pk) if pk else User()
    was_active = bool(pk) and person.is_active  # the form changes `person` in place
    form = PersonForm(request.POST or None, instance=person, editor=request.user)

    def call(data):
        saved = person_save_and_invite(
            person=form.save(commit=False),
            manager=data["manager"],
            by=request.user,
            invite=data.get("send_invitation", False),
        )
        invited = " and emailed them an invitation" if data.get("send_invitation") else ""
        if was_active and not saved.is_active:
            deadline = _day(saved.private_data_deleted_after)
            invited = (
                " and emailed them a link to download their data. Their private evidence "
                f"and unshared drafts will be deleted after {deadline}, unless you make "
                "them active again before then"
            )
        messages.success(request, f"Saved {saved}{invited}.")

    if request.method == "POST" and attempt(form, call):
        return redirect("staff_people")
    return render(request, "promo/staff/person_form.html", {"form": form, "person": person})


def _day(moment):
    return date_format(timezone.localtime(moment), "j F Y")


@require_staff
@require_http_methods(["GET", "POST"])
def teams(request):
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = form.save()
        messages.success(request, f"Created team {team}.")
        return redirect("staff_teams")
    rows = Team.objects.annotate(member_count=Count("members"))
    return render(request, "promo/staff/teams.html", {"teams": rows, "form": form})


@require_staff
@require_http_methods(["GET", "POST"])
def team_edit(request, pk):
    team = get_object_or_404(Team, pk=pk)
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved team {team}.")
        return redirect("staff_teams")
    return render(request, "promo/staff/team_form.html", {"form": form, "team": team})


@require_staff
@require_http_methods(["GET", "POST"])
def mentors(request):
    form = MentorAssignmentForm(request.POST or None)

    def call(data):
        assignment = mentor_assign(mentor=data["mentor"], mentee=data["mentee"], by=request.user)
        messages.success(request, f"{assignment}.")

    if request.method == "POST" and attempt(form, call):
        return redirect("staff_mentors")
    rows = MentorAssignment.objects.select_related("mentor", "mentee", "mentee__team")
    return render(request, "promo/staff/mentors.html", {"assignments": rows, "form": form})


@require_staff
@require_POST
def mentor_remove(request, pk):
    assignment = get_object_or_404(MentorAssignment, pk=pk)
    mentor_unassign(assignment=assignment, by=request.user)
    messages.success(request, f"Removed: {assignment}.")
    return redirect("staff_mentors")


def import_size_advice():
    return "Split the CSV into smaller files (managers first) and import each."


@accepts_body_up_to("MAX_REQUEST_BYTES", advice=import_size_advice)
@require_staff
@require_http_methods(["GET", "POST"])
def people_import_page(request):
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        plan = people_import(
            text=form.cleaned_data["csv_text"],
            by=request.user,
            apply=request.POST.get("action") == "apply",
        )
    limit = settings.PEOPLE_IMPORT_MAX_BYTES
    context = {
        "form": form,
        "plan": plan,
        "columns": COLUMNS,
        "limit": limit,
        "leaving_days": LEAVING_DAYS,
    }
    return render(request, "promo/staff/people_import.html", context)
