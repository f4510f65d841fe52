"""promo's URLs plus the two floors every page is measured against."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def bare(request):
    """The bare floor: served by `bench.wsgi` without any middleware."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def authenticated(request):
    """The authenticated floor: one line, through the full middleware and a database session
    (LoginRequiredMiddleware sends anyone without a session to the login page)."""
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("_bench/bare/", bare, name="bench_bare"),
    path("_bench/authenticated/", authenticated, name="bench_authenticated"),
    path("", include("promo.urls")),
]

handler400 = "promo.web.errors.bad_request"
