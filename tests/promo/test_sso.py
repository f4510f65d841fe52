"""Single sign-on, end to end: promo's real views against a provider on loopback."""

import pytest
import requests
from django.contrib import auth
from django.urls import reverse

from promo.models import AuditEntry, SignOnSettings, User
from tests.factories import UserFactory
from tests.oidc_provider import Provider, new_key

OLIVE = {"sub": "idp-olive", "email": "Olive@Example.com", "email_verified": True}


@pytest.fixture
def provider(settings, db):
    provider = Provider().start()
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    provider.person = dict(OLIVE)
    yield provider
    provider.stop()


@pytest.fixture
def olive(db):
    return UserFactory(email="olive@example.com", display_name="Olive Owner")


def allow_account_creation():
    SignOnSettings.objects.update_or_create(pk=1, defaults={"allow_account_creation": True})


def sign_in(client, provider, next_url=None):
    """Start at promo, "log in" at the provider, follow it back to promo's callback."""
    start = client.get(reverse("sso_start"), {"next": next_url} if next_url else {})
    assert start.status_code == 302
    assert start["Location"].startswith(provider.url("authorize") + "?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    return client.get(at_provider.headers["Location"])


def signed_in_as(client):
    return auth.get_user(client)


def refused_with(client, response, message):
    assert response.status_code == 302 and response["Location"] == reverse("login")
    page = client.get(response["Location"]).content.decode()
    assert message in page, page
    assert not signed_in_as(client).is_authenticated


def test_the_login_page_offers_sso_only_when_configured(client, settings, db):
    assert "Log in with" not in client.get(reverse("login")).content.decode()
    settings.OIDC_ENABLED, settings.OIDC_PROVIDER_NAME = True, "Acme ID"
    html = client.get(reverse("login"), {"next": "/staff/people/"}).content.decode()
    assert "Log in with Acme ID" in html
    assert f"{reverse('sso_start')}?next=/staff/people/" in html


def test_sso_pages_are_404_when_not_configured(client, db):
    assert client.get(reverse("sso_start")).status_code == 404
    assert client.get(reverse("sso_callback"), {"code": "c", "state": "s"}).status_code == 404


def test_it_signs_in_an_existing_account_by_verified_email(client, provider, olive):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    response = sign_in(client, provider, next_url=reverse("case_viewers"))
    assert response.status_code == 302 and response["Location"] == reverse("case_viewers")
    assert signed_in_as(client) == olive
    assert client.session.session_key != before  # rotated at login
    assert ("POST", "/token") in provider.requests and ("GET", "/jwks") in provider.requests
    olive.refresh_from_db()
    assert olive.display_name == "Olive Owner"  # the provider does not rename people


def test_an_unverified_email_is_refused(client, provider, olive):
    provider.person["email_verified"] = False
    refused_with(client, sign_in(client, provider), "has not verified the email address")


def test_a_missing_email_is_refused(client, provider, olive):
    del provider.person["email"]
    refused_with(client, sign_in(client, provider), "did not share an email address")


def test_a_first_sign_on_is_refused_unless_staff_allow_it(client, provider, db):
    response = sign_in(client, provider)
    refused_with(client, response, "There is no promo account for olive@example.com yet")
    assert not User.objects.exists()


def test_a_first_sign_on_creates_the_account_when_staff_allow_it(client, provider, db):
    allow_account_creation()
    provider.person["name"] = "Olive\r\nOwner"
    response = sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    person = User.objects.get()
    assert person.email == "olive@example.com" and person.display_name == "Olive Owner"
    assert not person.has_usable_password() and not person.is_staff
    assert signed_in_as(client) == person


def test_an_inactive_account_is_refused(client, provider, olive):
    olive.is_active = False
    olive.save(update_fields=["is_active"])
    refused_with(client, sign_in(client, provider), "Single sign-on did not complete")


def test_a_person_deactivated_after_signing_on_is_signed_out_at_the_next_request(
    client, provider, olive
):
    assert sign_in(client, provider).status_code == 302
    assert client.get(reverse("case_viewers")).status_code == 200
    olive.is_active = False
    olive.save(update_fields=["is_active"])
    response = client.get(reverse("case_viewers"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda p: p.id_token_claims.update(aud="another-client"), id="audience"),
        pytest.param(lambda p: p.id_token_claims.update(iss="http://evil.example"), id="issuer"),
        pytest.param(lambda p: p.id_token_claims.update(nonce="replayed"), id="nonce"),
        pytest.param(lambda p: p.id_token_claims.update(exp=1), id="expired"),
        pytest.param(lambda p: setattr(p, "signing_key", new_key()), id="forged-signature"),
        pytest.param(lambda p: p.userinfo_claims.update(sub="someone-else"), id="userinfo-sub"),
    ],
)
def test_a_token_that_fails_verification_is_refused(client, provider, olive, tamper):
    tamper(provider)
    refused_with(client, sign_in(client, provider), "Single sign-on did not complete")


def test_a_callback_cannot_be_replayed(client, provider, olive):
    start = client.get(reverse("sso_start"))
    back = requests.get(start["Location"], allow_redirects=False, timeout=5).headers["Location"]
    assert client.get(back).status_code == 302
    client.post(reverse("logout"))
    assert client.get(back).status_code in (302, 400)
    assert not signed_in_as(client).is_authenticated


def test_a_forged_state_is_refused(client, provider, olive):
    client.get(reverse("sso_start"))
    response = client.get(reverse("sso_callback"), {"code": "guessed", "state": "forged"})
    assert response.status_code == 400
    assert not signed_in_as(client).is_authenticated


def test_sso_refuses_to_redirect_off_site(client, provider, olive):
    response = sign_in(client, provider, next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_an_unreachable_provider_is_explained(client, provider, olive, settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # the discard port: closed
    refused_with(client, sign_in(client, provider), "could not reach your identity provider")


def test_a_failed_sign_on_is_audited(client, provider, olive):
    provider.person["email_verified"] = False
    sign_in(client, provider)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.LOGIN_FAILED
    assert entry.detail == "single sign-on; from 127.0.0.1"


def test_failed_sign_ons_do_not_lock_anyone_out(client, provider, olive, settings):
    provider.person["email_verified"] = False
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(client, provider).status_code == 302
    provider.person["email_verified"] = True
    assert sign_in(client, provider)["Location"] == reverse("home")
    assert signed_in_as(client) == olive


def test_password_login_still_works_with_sso_configured(client, provider, olive):
    olive.set_password("correct horse battery")
    olive.save(update_fields=["password"])
    response = client.post(
        reverse("login"), {"username": "olive@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and signed_in_as(client) == olive
    assert provider.requests == []


# --- The staff page -------------------------------------------------------------------


def test_staff_allow_and_forbid_account_creation(client, world):
    client.force_login(world.staff)
    assert b"not configured" in client.get(reverse("staff_sign_on")).content
    client.post(reverse("staff_sign_on"), {"allow_account_creation": "on"})
    assert SignOnSettings.current().allow_account_creation
    client.post(reverse("staff_sign_on"), {})  # the box left unticked
    assert not SignOnSettings.current().allow_account_creation
    details = list(AuditEntry.objects.order_by("id").values_list("detail", flat=True))
    assert details == [
        "single sign-on may create accounts: yes",
        "single sign-on may create accounts: no",
    ]


def test_saving_unchanged_sign_on_settings_records_nothing(client, world):
    client.force_login(world.staff)
    client.post(reverse("staff_sign_on"), {})
    assert not AuditEntry.objects.exists()


def test_only_staff_change_sign_on_settings(client, world):
    client.force_login(world.manager)
    assert (
        client.post(reverse("staff_sign_on"), {"allow_account_creation": "on"}).status_code == 403
    )
    assert not SignOnSettings.current().allow_account_creation
