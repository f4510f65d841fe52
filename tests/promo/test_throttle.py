"""Login throttling: repeated failures lock the (address, email) pair for a while."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from promo.models import AuditEntry
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def olive(db):
    return UserFactory(email="olive@example.com", password=PASSWORD)


def attempt(client, email, password="wrong", **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def fail_until_locked(client, email):
    responses = [attempt(client, email) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses[:-1]] == [200] * (len(responses) - 1)
    return responses[-1]


def normalised(response):
    """The page without what differs between any two requests: the CSRF token and nonce."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_repeated_failures_lock_with_a_styled_page(client, olive):
    response = fail_until_locked(client, "olive@example.com")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html and "paused for 15 minutes" in html
    assert '<link rel="stylesheet"' in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_locked_pair_is_refused_even_with_the_right_password(client, olive):
    fail_until_locked(client, "olive@example.com")
    response = attempt(client, "olive@example.com", PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302


def test_changing_the_case_of_the_email_does_not_dodge_the_lock(client, olive):
    fail_until_locked(client, "olive@example.com")
    assert attempt(client, "OLIVE@Example.com ", PASSWORD).status_code == 429


def test_the_lock_looks_the_same_whether_or_not_the_account_exists(client, olive):
    known = fail_until_locked(client, "olive@example.com")
    unknown = fail_until_locked(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 429
    assert normalised(known) == normalised(unknown)


def test_a_failure_looks_the_same_whether_or_not_the_account_exists(client, olive):
    known = attempt(client, "olive@example.com")
    unknown = attempt(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert normalised(known).replace("olive@", "X@") == normalised(unknown).replace("nobody@", "X@")


def test_another_address_is_not_locked_out_by_a_stranger(client, olive):
    fail_until_locked(client, "olive@example.com")
    response = attempt(client, "olive@example.com", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, olive):
    fail_until_locked(client, "olive@example.com")
    assert attempt(client, "olive@example.com", PASSWORD).status_code == 429
    later = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=later)
    assert attempt(client, "olive@example.com", PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, olive):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "olive@example.com")
    assert attempt(client, "olive@example.com", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "olive@example.com").status_code == 200


def test_every_failure_is_audited_with_the_email_and_never_the_password(client, olive):
    attempt(client, "Olive@Example.com", "hunter2-secret")
    attempt(client, "nobody@example.com", "hunter2-secret")
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.action for e in entries] == [AuditEntry.Action.LOGIN_FAILED] * 2
    assert entries[0].subject_id == olive.pk and entries[1].subject_id is None
    assert entries[0].detail == "email: olive@example.com; from 127.0.0.1"
    assert entries[1].detail == "email: nobody@example.com; from 127.0.0.1"
    for entry in entries:
        fields = [entry.detail, entry.actor_label, entry.subject_label, entry.target_label]
        assert not any("hunter2" in value for value in fields)


def test_a_refusal_while_locked_is_audited_as_such(client, olive):
    fail_until_locked(client, "olive@example.com")
    attempt(client, "olive@example.com", PASSWORD)
    assert AuditEntry.objects.first().detail.endswith("refused: locked out")


def test_the_test_clients_login_still_works(client, olive):
    assert client.login(username="olive@example.com", password=PASSWORD)
    assert not client.login(username="olive@example.com", password="wrong")


def test_the_address_comes_from_trusted_proxies_only(client, olive, settings):
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.1"}
    attempt(client, "olive@example.com", **forwarded)
    settings.TRUSTED_PROXY_HOPS = 2
    attempt(client, "olive@example.com", **forwarded)
    details = list(AuditEntry.objects.order_by("id").values_list("detail", flat=True))
    assert details == [
        "email: olive@example.com; from 127.0.0.1",
        "email: olive@example.com; from 203.0.113.7",
    ]
