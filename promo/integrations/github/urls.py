from django.urls import path

from promo.integrations.github import webhook_views

urlpatterns = [
    path("integrations/github/webhook", webhook_views.github_webhook, name="github_webhook"),
]
