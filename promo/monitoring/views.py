from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from promo.monitoring.access import may_scrape
from promo.monitoring.metrics import exposition


@login_not_required
@never_cache
@require_GET
def metrics(request):
    """Prometheus's scrape. 404, not 403, to anyone not allowed: the page does not exist
    for them."""
    if not may_scrape(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
