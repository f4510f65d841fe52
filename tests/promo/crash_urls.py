"""promo's URLs plus one view that crashes, for testing the 500 page through the middleware."""

from django.urls import path

from promo.urls import handler400  # noqa: F401
from promo.urls import urlpatterns as promo_urlpatterns


def crash(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("crash/", crash, name="crash"), *promo_urlpatterns]
