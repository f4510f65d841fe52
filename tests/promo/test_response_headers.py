"""Headers every response needs: no caching of private pages, CSP on error pages too, and
a /healthz that tells outsiders only its status."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.evidence.factories import attached, saved_artifact

OUTSIDE = "203.0.113.9"  # a documentation address: anything not loopback


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Cache-Control ----------------------------------------------------------------------
# Every page as every signed-in persona: tests/security/test_markers.py, from its walk.


def test_a_download_is_no_store_and_private(world, client):
    artifact = saved_artifact(world.owner)
    attachment = attached(artifact)
    client.force_login(world.owner)
    response = client.get(reverse("evidence_attachment", args=[artifact.pk, attachment.pk]))
    assert response.status_code == 200
    assert {"no-store", "private"} <= set(response["Cache-Control"].replace(" ", "").split(","))


# --- /healthz ---------------------------------------------------------------------------


def test_healthz_from_loopback_shows_the_details(client, db):
    body = client.get(reverse("healthz")).json()
    assert body["database"] == "ok" and "broker" in body and "worker_last_seen" in body


def test_healthz_from_elsewhere_shows_only_the_status(db):
    response = Client(REMOTE_ADDR=OUTSIDE).get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_healthz_shows_staff_the_details_from_anywhere(world):
    client = Client(REMOTE_ADDR=OUTSIDE)
    client.force_login(world.staff)
    assert client.get(reverse("healthz")).json()["database"] == "ok"
    client.force_login(world.owner)
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_healthz_behind_a_local_proxy_judges_the_real_client(db, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    client = Client(REMOTE_ADDR="127.0.0.1")
    relayed = client.get(reverse("healthz"), headers={"X-Forwarded-For": OUTSIDE})
    assert relayed.json() == {"status": "ok"}
    local = client.get(reverse("healthz"), headers={"X-Forwarded-For": "127.0.0.1"})
    assert "database" in local.json()


# --- CSP on error pages -----------------------------------------------------------------


def assert_strict_policy(response, status):
    assert response.status_code == status
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_a_404_carries_the_policy(debug, world, client):
    client.force_login(world.owner)
    assert_strict_policy(client.get("/no/such/page/"), 404)


def test_a_403_carries_the_policy(debug, world, client):
    client.force_login(world.owner)
    assert_strict_policy(client.get(reverse("staff_people")), 403)


def test_a_500_carries_the_policy(debug, world, settings):
    settings.ROOT_URLCONF = "tests.promo.crash_urls"
    client = Client(raise_request_exception=False)
    client.force_login(world.owner)
    assert_strict_policy(client.get(reverse("crash")), 500)


def test_a_400_carries_the_policy(debug, db, client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    response = client.post(reverse("login"), {f"f{i}": "x" for i in range(5)})
    assert_strict_policy(response, 400)


def test_a_413_carries_the_policy(debug, db, client, settings):
    settings.MAX_REQUEST_BYTES = 1024
    body = "username=" + "x" * 2048
    response = client.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
    assert_strict_policy(response, 413)


def test_a_csrf_failure_carries_the_policy(debug, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    assert_strict_policy(client.post(reverse("staff_teams"), {"name": "Growth"}), 403)
