"""Attestation pages, included from promo/urls.py."""

from django.urls import path

from promo.attestations import views

urlpatterns = [
    path(
        "evidence/<int:pk>/",
        views.attestation_request_view,
        name="attestation_request",
    ),
    path("<int:pk>/", views.attestation_answer_view, name="attestation_answer"),
    path("<int:pk>/cancel/", views.attestation_cancel_view, name="attestation_cancel"),
    path("<int:pk>/withdraw/", views.attestation_withdraw_view, name="attestation_withdraw"),
]
