from django.contrib import admin
from django.urls import include, path

from promo import home
from promo.accounts import invitation_views as invitations
from promo.accounts import profile
from promo.accounts import sso_views as sso
from promo.accounts import views as sign_on
from promo.api import views as tokens
from promo.api.urls import api_urls
from promo.audit import views as audit
from promo.candidacies import views as candidacies
from promo.dashboards import views as team
from promo.ladders import views as staff_ladders
from promo.monitoring import views as monitoring
from promo.nudges import staff_views as staff_nudges
from promo.nudges import views as notifications
from promo.org import views as staff
from promo.web import health

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.healthz_live, name="healthz_live"),
    path("healthz/ready", health.healthz_ready, name="healthz_ready"),
    path("metrics", monitoring.metrics, name="metrics"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/sso/start/", sso.sso_start, name="sso_start"),
    path("accounts/sso/callback/", sso.sso_callback, name="sso_callback"),
    path("me/viewers/", audit.case_viewers, name="case_viewers"),
    path("me/profile/", profile.profile, name="profile"),
    path("staff/people/", staff.people, name="staff_people"),
    path("staff/people/new/", staff.person_edit, name="staff_person_new"),
    path("staff/people/import/", staff.people_import_page, name="staff_people_import"),
    path("staff/people/<int:pk>/", staff.person_edit, name="staff_person_edit"),
    path(
        "staff/people/<int:pk>/invite/",
        invitations.staff_person_invite,
        name="staff_person_invite",
    ),
    path(
        "accounts/invitation/<str:token>/",
        invitations.invitation_accept_view,
        name="invitation_accept",
    ),
    path("staff/teams/", staff.teams, name="staff_teams"),
    path("staff/teams/<int:pk>/", staff.team_edit, name="staff_team_edit"),
    path("staff/mentors/", staff.mentors, name="staff_mentors"),
    path("staff/mentors/<int:pk>/remove/", staff.mentor_remove, name="staff_mentor_remove"),
    path("case/", candidacies.case, name="case"),
    path("case/open/", candidacies.case_open, name="case_open"),
    path("team/", team.team, name="team"),
    path("team/export.csv", team.team_csv, name="team_csv"),
    path("team/open-case/", team.team_open_case, name="team_open_case"),
    path("team/<int:pk>/why/", team.team_why, name="team_why"),
    path("team/<int:pk>/why/<int:position>/", team.team_why, name="team_why_criterion"),
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
    path("staff/audit/", audit.staff_audit, name="staff_audit"),
    path("staff/sign-on/", sign_on.staff_sign_on, name="staff_sign_on"),
    path("", include("promo.readiness.urls")),
    path("", include("promo.portability.urls")),
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
    path("api/v1/", api_urls),
    path("settings/tokens/", tokens.tokens, name="api_tokens"),
    path("settings/tokens/<int:pk>/revoke/", tokens.token_revoke_view, name="api_token_revoke"),
    path("", include("promo.integrations.urls")),
    path("evidence/", include("evidence.urls")),
    path("", include("promo.integrations.github.urls")),
    path("import/brag-doc/", include("promo.integrations.bragdoc.urls")),
    path("attestations/", include("promo.attestations.urls")),
    path("pulses/", include("promo.pulses.urls")),
    path("", include("promo.committees.urls")),
    path("reviews/", include("reviews.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "promo.web.errors.bad_request"
