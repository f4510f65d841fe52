"""Capture from anywhere (share page, installable app) and the calendar feed, included
from promo/urls.py at the site root: the service worker's scope is the folder it is
served from, so /sw.js must be at the root."""

from django.urls import path

from promo.integrations import pwa, share
from promo.integrations.calendar import views as calendar

urlpatterns = [
    path("capture/share/", share.capture_share, name="capture_share"),
    path("manifest.webmanifest", pwa.web_manifest, name="web_manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("calendar/<str:key>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("me/calendar/reset/", calendar.calendar_feed_reset_view, name="calendar_feed_reset"),
    path("me/calendar/off/", calendar.calendar_feed_off_view, name="calendar_feed_off"),
]
