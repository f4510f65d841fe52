from django.contrib import admin
from django.urls import include, path

from promo.views import audit, health, home, sign_on, sso, staff

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/sso/start/", sso.sso_start, name="sso_start"),
    path("accounts/sso/callback/", sso.sso_callback, name="sso_callback"),
    path("me/viewers/", audit.case_viewers, name="case_viewers"),
    path("staff/people/", staff.people, name="staff_people"),
    path("staff/people/new/", staff.person_edit, name="staff_person_new"),
    path("staff/people/<int:pk>/", staff.person_edit, name="staff_person_edit"),
    path("staff/teams/", staff.teams, name="staff_teams"),
    path("staff/teams/<int:pk>/", staff.team_edit, name="staff_team_edit"),
    path("staff/mentors/", staff.mentors, name="staff_mentors"),
    path("staff/mentors/<int:pk>/remove/", staff.mentor_remove, name="staff_mentor_remove"),
    path("staff/audit/", audit.staff_audit, name="staff_audit"),
    path("staff/sign-on/", sign_on.staff_sign_on, name="staff_sign_on"),
    path("evidence/", include("evidence.urls")),
    path("reviews/", include("reviews.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "promo.views.errors.bad_request"
