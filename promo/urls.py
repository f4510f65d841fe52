from django.contrib import admin
from django.urls import include, path

from promo.views import health, home, staff

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
    path("", include("promo.urls_readiness")),
    path("evidence/", include("evidence.urls")),
    path("reviews/", include("reviews.urls")),
    path("django-admin/", admin.site.urls),
]
