from django.contrib import admin
from django.urls import include, path

from promo.views import health, home, notifications, staff, staff_nudges

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
    path("staff/nudges/", staff_nudges.nudges, name="staff_nudges"),
    path("staff/nudges/plan/", staff_nudges.nudges_plan, name="staff_nudges_plan"),
    path("staff/nudges/<int:pk>/retry/", staff_nudges.nudge_retry, name="staff_nudge_retry"),
    path("staff/nudges/thresholds/", staff_nudges.nudge_thresholds, name="staff_nudge_thresholds"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/badge/", notifications.notifications_badge, name="notifications_badge"),
    path(
        "notifications/read-all/",
        notifications.notifications_read_all,
        name="notifications_read_all",
    ),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/preferences/", notifications.nudge_preferences, name="nudge_preferences"),
    path(
        "notifications/unsubscribe/<str:token>/",
        notifications.unsubscribe,
        name="nudge_unsubscribe",
    ),
    path("evidence/", include("evidence.urls")),
    path("reviews/", include("reviews.urls")),
    path("django-admin/", admin.site.urls),
]
