from django.urls import path

from promo.integrations.bragdoc import views

urlpatterns = [
    path("", views.bragdoc_import_view, name="bragdoc_import"),
    path("confirm/", views.bragdoc_import_confirm, name="bragdoc_import_confirm"),
]
