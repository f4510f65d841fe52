from django.contrib import admin
from django.urls import include, path

from promo.views import candidacies, health, home, staff, staff_ladders, team

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/people/", staff.people, name="staff_people"),
    path("staff/people/new/", staff.person_edit, name="staff_person_new"),
    path("staff/people/<int:pk>/", staff.person_edit, name="staff_person_edit"),
    path("staff/teams/", staff.teams, name="staff_teams"),
    path("staff/teams/<int:pk>/", staff.team_edit, name="staff_team_edit"),
    path("staff/mentors/", staff.mentors, name="staff_mentors"),
    path("staff/mentors/<int:pk>/remove/", staff.mentor_remove, name="staff_mentor_remove"),
    path("case/", candidacies.case, name="case"),
    path("case/open/", candidacies.case_open, name="case_open"),
    path("team/", team.team, name="team"),
    path("mentoring/", team.mentoring, name="mentoring"),
    path("candidacies/<int:pk>/", candidacies.candidacy_detail, name="candidacy_detail"),
    path(
        "candidacies/<int:pk>/target-date/",
        candidacies.candidacy_target_date,
        name="candidacy_target_date",
    ),
    path("candidacies/<int:pk>/gaps/", candidacies.candidacy_gap_add, name="candidacy_gap_add"),
    path(
        "candidacies/<int:pk>/submit/", candidacies.candidacy_submit_view, name="candidacy_submit"
    ),
    path("candidacies/<int:pk>/outcome/", candidacies.candidacy_outcome, name="candidacy_outcome"),
    path(
        "candidacies/<int:pk>/resubmit/",
        candidacies.candidacy_resubmit_view,
        name="candidacy_resubmit",
    ),
    path("gaps/<int:pk>/close/", candidacies.gap_close_view, name="gap_close"),
    path("staff/ladders/", staff_ladders.ladders, name="staff_ladders"),
    path("staff/ladders/<int:pk>/", staff_ladders.ladder_edit, name="staff_ladder_edit"),
    path("staff/ladders/<int:pk>/levels/", staff_ladders.level_new, name="staff_level_new"),
    path(
        "staff/ladders/<int:pk>/criteria/new/",
        staff_ladders.criterion_new,
        name="staff_criterion_new",
    ),
    path("staff/levels/<int:pk>/", staff_ladders.level_edit, name="staff_level_edit"),
    path("staff/levels/<int:pk>/move/", staff_ladders.level_reorder, name="staff_level_move"),
    path("staff/criteria/<int:pk>/", staff_ladders.criterion_edit, name="staff_criterion_edit"),
    path(
        "staff/criteria/<int:pk>/move/",
        staff_ladders.criterion_reorder,
        name="staff_criterion_move",
    ),
    path("", include("promo.urls_readiness")),
    path("evidence/", include("evidence.urls")),
    path("reviews/", include("reviews.urls")),
    path("django-admin/", admin.site.urls),
]
