"""Deployment checks, cookies, sessions, CSRF, redirects, request limits and error pages."""

import json
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from promo.models import Team
from promo.web.middleware import ACTIVE_AT
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "promo.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://promo.example.com",
    "SITE_URL": "https://promo.example.com",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_PRELOAD": "true",
}
SSO = {
    "OIDC_CLIENT_ID": "promo",
    "OIDC_CLIENT_SECRET": "s3cret",
    "OIDC_AUTHORIZATION_ENDPOINT": "https://id.example.com/authorize",
    "OIDC_TOKEN_ENDPOINT": "https://id.example.com/token",
    "OIDC_USERINFO_ENDPOINT": "https://id.example.com/userinfo",
    "OIDC_JWKS_ENDPOINT": "https://id.example.com/jwks",
}


def deploy_check(tmp_path, **overrides):
    # A clean environment: nothing of the test run's (such as the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE) may leak into what is checked as production.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(PRODUCTION, PROMO_VAR_DIR=str(tmp_path), **overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_passes_with_single_sign_on_configured(tmp_path):
    result = deploy_check(tmp_path, **SSO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_on_an_insecure_setting(tmp_path):
    # Proves the check above can fail: plain HTTP without a redirect is flagged.
    result = deploy_check(tmp_path, SECURE_SSL_REDIRECT="false")
    assert result.returncode != 0 and "security.W008" in result.stdout + result.stderr


def test_half_configured_sign_on_stops_startup_with_the_missing_names(tmp_path):
    result = deploy_check(tmp_path, OIDC_CLIENT_ID="promo", OIDC_CLIENT_SECRET="s")
    assert result.returncode != 0
    assert "OIDC_AUTHORIZATION_ENDPOINT, OIDC_TOKEN_ENDPOINT" in result.stderr


def test_https_responses_carry_hsts(client, db):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.fixture
def olive(db):
    return UserFactory(email="olive@example.com", password=PASSWORD)


def log_in(client):
    return client.post(reverse("login"), {"username": "olive@example.com", "password": PASSWORD})


def test_cookies_are_secure_httponly_and_samesite(client, olive):
    csrf = client.get(reverse("login")).cookies["csrftoken"]
    session = log_in(client).cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_an_idle_session_expires(client, olive, settings):
    log_in(client)
    assert client.get(reverse("home")).status_code == 200
    key = client.session.session_key
    idle = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=idle)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_activity_pushes_the_idle_timeout_back(client, olive, settings):
    log_in(client)
    key = client.session.session_key
    session = client.session
    session[ACTIVE_AT] -= settings.SESSION_REFRESH_SECONDS  # the last renewal was a while ago
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(1))
    response = client.get(reverse("home"))
    expires = Session.objects.get(session_key=key).expire_date
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((expires - expected).total_seconds()) < 60
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_activity_within_the_refresh_interval_writes_no_session(client, olive):
    log_in(client)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_the_session_is_rotated_at_login(client, olive):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    log_in(client)
    assert client.session.session_key != before


# --- CSRF -----------------------------------------------------------------------------


def _page_token(response):
    return json.loads(re.search(r"hx-headers='([^']+)'", response.content.decode()).group(1))[
        "X-CSRFToken"
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_unsafe_requests_need_the_csrf_token(world, htmx):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    token = _page_token(client.get(reverse("staff_teams")))
    headers = {"HX-Request": "true"} if htmx else {}

    refused = client.post(reverse("staff_teams"), {"name": "Growth"}, headers=headers)
    assert refused.status_code == 403
    assert "That form had expired" in refused.content.decode()
    assert not Team.objects.filter(name="Growth").exists()

    accepted = client.post(
        reverse("staff_teams"), {"name": "Growth"}, headers={**headers, "X-CSRFToken": token}
    )
    assert accepted.status_code == 302
    assert Team.objects.filter(name="Growth").exists()


def test_a_wrong_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    client.get(reverse("staff_teams"))
    response = client.post(
        reverse("staff_teams"), {"name": "Growth"}, headers={"X-CSRFToken": "x" * 32}
    )
    assert response.status_code == 403


# --- Open redirects -------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_login_refuses_to_redirect_off_site(client, olive, target):
    response = client.post(
        reverse("login"), {"username": "olive@example.com", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_login_follows_a_local_next(client, olive):
    url = reverse("staff_people")
    response = client.post(
        reverse("login"), {"username": "olive@example.com", "password": PASSWORD, "next": url}
    )
    assert response["Location"] == url


def test_the_login_page_escapes_a_hostile_next(client, db):
    html = client.get(reverse("login"), {"next": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in html


# --- Request limits -------------------------------------------------------------------


def test_oversized_form_fields_get_a_clear_413_page(client, olive, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(reverse("login"), {"username": "x" * 2048, "password": "x"})
    assert response.status_code == 413
    html = response.content.decode()
    assert "larger than the 1.0\xa0KB promo accepts" in html and "Nothing was saved" in html
    assert '<link rel="stylesheet"' in html


def test_too_many_fields_get_a_clear_400_page(client, db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post(reverse("login"), {f"f{i}": "x" for i in range(11)})
    assert response.status_code == 400
    assert "more fields than promo accepts" in response.content.decode()


# --- Error pages ----------------------------------------------------------------------


def test_a_missing_page_is_a_styled_404(client, world):
    client.force_login(world.owner)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There’s nothing here" in html and '<link rel="stylesheet"' in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_refusal_is_a_styled_403(client, world):
    client.force_login(world.owner)
    response = client.get(reverse("staff_people"))
    assert response.status_code == 403 and "That isn’t open to you" in response.content.decode()


def test_a_crash_is_a_styled_500_that_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and '<link rel="stylesheet"' in html
