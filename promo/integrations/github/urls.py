from django.urls import path

from promo.integrations.github import views, webhook_views

urlpatterns = [
    path("integrations/github/webhook", webhook_views.github_webhook, name="github_webhook"),
    path("me/github/", views.github_settings, name="github_settings"),
    path("me/github/verify/", views.github_verify, name="github_verify"),
    path("me/github/unlink/", views.github_unlink, name="github_unlink"),
    path("me/github/token/", views.github_token, name="github_token"),
    path("me/github/token/forget/", views.github_token_forget, name="github_token_forget"),
    path("me/github/import/", views.github_import, name="github_import"),
    path("staff/people/<int:pk>/github/", views.staff_github_link, name="staff_github_link"),
]
