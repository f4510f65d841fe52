"""The installable app: the manifest with its Share target, and the service worker."""

import json

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse


def test_the_manifest_is_json_with_a_share_target_on_the_capture_page():
    response = Client().get(reverse("web_manifest"))  # browsers send no cookie for it
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["share_target"] == {
        "action": reverse("capture_share"),
        "method": "GET",
        "params": {"title": "title", "text": "text", "url": "url"},
    }
    assert manifest["start_url"] == reverse("home") and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"


def test_every_icon_of_the_manifest_exists():
    manifest = json.loads(Client().get(reverse("web_manifest")).content)
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), f"{icon['src']} is missing"


def test_every_page_links_the_manifest_and_registers_the_worker_from_a_file(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("home")).content.decode()
    assert f'<link rel="manifest" href="{reverse("web_manifest")}">' in page
    assert 'src="/static/js/pwa.js"' in page


def test_the_service_worker_is_served_from_the_root_and_caches_nothing():
    response = Client().get(reverse("service_worker"))
    assert reverse("service_worker") == "/sw.js"
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert "caches." not in script and "cache.put" not in script
    assert 'event.request.mode !== "navigate"' in script


def test_both_take_only_get():
    for name in ("web_manifest", "service_worker"):
        assert Client().post(reverse(name)).status_code == 405
