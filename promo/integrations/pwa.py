"""The installable app: its web app manifest (with the Share target that makes promo a
choice in a phone's Share sheet) and its service worker, both public and free of any
person's data, since browsers fetch them without the session cookie."""

import json
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

SERVICE_WORKER = Path(__file__).with_name("service_worker.js").read_text()


def _png(path, size, **extra):
    return {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", **extra}


def manifest_data():
    """The manifest as a dict: the Share target opens the capture page with GET, so a
    share works even where the app was installed long ago and the session since expired
    (the login page sends the person back to it)."""
    icons = [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}]
    for size in (192, 512):
        icons.append(_png(f"icons/promo-{size}.png", size))
        icons.append(_png(f"icons/promo-maskable-{size}.png", size, purpose="maskable"))
    return {
        "name": "promo",
        "short_name": "promo",
        "description": "Promotion cases built on evidence: log a win from anywhere.",
        "id": reverse("home"),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1b1f24",
        "icons": icons,
        "share_target": {
            "action": reverse("capture_share"),
            "method": "GET",
            "params": {"title": "title", "text": "text", "url": "url"},
        },
    }


@login_not_required
@require_GET
def web_manifest(request):
    return HttpResponse(
        json.dumps(manifest_data(), indent=2), content_type="application/manifest+json"
    )


@login_not_required
@require_GET
def service_worker(request):
    """Served from the root, not /static/, so its scope is the whole site."""
    response = HttpResponse(SERVICE_WORKER, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker on navigation; never let a cache answer for it.
    response["Cache-Control"] = "no-cache"
    return response
