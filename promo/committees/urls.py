from django.urls import path

from promo.committees import history, staff_views, views

urlpatterns = [
    path("staff/cycles/", staff_views.staff_cycles, name="staff_cycles"),
    path("staff/cycles/<int:pk>/", staff_views.staff_cycle, name="staff_cycle"),
    path(
        "staff/cycles/<int:pk>/advance/",
        staff_views.staff_cycle_advance,
        name="staff_cycle_advance",
    ),
    path(
        "staff/cycles/<int:pk>/release/",
        staff_views.staff_cycle_release,
        name="staff_cycle_release",
    ),
    path(
        "staff/committees/<int:pk>/members/",
        staff_views.staff_committee_members,
        name="staff_committee_members",
    ),
    path("cycles/", views.cycles, name="cycles"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/nominate/", views.cycle_nominate, name="cycle_nominate"),
    path("cycles/<int:pk>/request/", views.cycle_request, name="cycle_request"),
    path("committees/<int:pk>/", views.committee_grid, name="committee_grid"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/vote/", views.nomination_vote, name="nomination_vote"),
    path("nominations/<int:pk>/decide/", views.nomination_decide_view, name="nomination_decide"),
    path("candidacies/<int:pk>/cycles/", history.candidacy_cycles, name="candidacy_cycles"),
]
