from django.urls import path

from promo.portability import leaving_views, views

urlpatterns = [
    path("me/export/", views.export_new, name="portability_export_new"),
    path("me/exports/<int:pk>/", views.export_status, name="portability_export"),
    path(
        "me/exports/<int:pk>/download/",
        views.export_download,
        name="portability_export_download",
    ),
    path("staff/export/", views.staff_export, name="staff_export"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("leaving/<str:token>/", leaving_views.leaving, name="portability_leaving"),
    path(
        "leaving/<str:token>/download/",
        leaving_views.leaving_download,
        name="portability_leaving_download",
    ),
]
