"""Pulse pages, included from promo/urls.py."""

from django.urls import path

from promo.pulses import views

urlpatterns = [
    path("people/<int:pk>/", views.pulse_start_view, name="pulse_start"),
    path("<int:pk>/", views.pulse_answer_view, name="pulse_answer"),
    path(
        "<int:pk>/answer/withdraw/",
        views.pulse_answer_withdraw_view,
        name="pulse_answer_withdraw",
    ),
    path("<int:pk>/withdraw/", views.pulse_withdraw_view, name="pulse_withdraw"),
]
