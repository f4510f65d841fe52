"""Readiness and impact check-in pages, included from promo/urls.py."""

from django.urls import path

from promo.readiness import views as readiness
from promo.readiness.checkins import views as checkins

urlpatterns = [
    path("case/readiness/", readiness.readiness, name="readiness"),
    path("case/readiness/rule/", readiness.readiness_rule, name="readiness_rule"),
    path("people/<int:pk>/readiness/", readiness.person_readiness, name="person_readiness"),
    path("checkins/", checkins.checkins_due, name="checkins_due"),
    path("checkins/<int:pk>/", checkins.checkin_record, name="checkin_record"),
]
