"""Personal access tokens: made on the settings page, shown once, kept as a digest,
audited, revoked; "last used" at most once a minute."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from promo.api.models import ApiToken, digest_of
from promo.api.services import token_create, token_revoke
from promo.models import AuditEntry
from tests.api.conftest import api_url, bearer, token_for

pytestmark = pytest.mark.django_db


def test_it_shows_the_token_once_and_keeps_only_its_digest(client, world):
    client.force_login(world.owner)
    response = client.post(
        reverse("api_tokens"),
        {"name": "laptop", "scopes": ["evidence:write"], "expires_on": _in_days(30)},
    )
    secret = response.context["secret"]
    token = ApiToken.objects.get(owner=world.owner)
    assert secret.startswith("promo_") and secret.encode() in response.content
    assert token.digest == digest_of(secret) and secret not in token.digest
    assert token.prefix == secret[:12]
    again = client.get(reverse("api_tokens"))
    assert secret.encode() not in again.content
    assert token.prefix.encode() in again.content


def test_making_and_revoking_a_token_are_audited(world):
    token, _ = token_for(world.owner, ["evidence:read"])
    token_revoke(token=token, by=world.owner)
    details = list(
        AuditEntry.objects.filter(subject=world.owner, target_type="promo.apitoken")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details[0].startswith("Created API token test (promo_") and "evidence:read" in details[0]
    assert details[1].startswith("Revoked API token test")


def test_expiry_defaults_to_90_days_and_lasts_at_most_a_year(world):
    token, _ = token_for(world.owner, ["evidence:read"])
    assert (token.expires_at.date() - timezone.localdate()).days == 90
    with pytest.raises(ValidationError, match="at most a year"):
        token_for(world.owner, ["evidence:read"], expires_on=timezone.localdate() + timedelta(366))
    with pytest.raises(ValidationError, match="after today"):
        token_for(world.owner, ["evidence:read"], expires_on=timezone.localdate())


def test_team_read_is_only_for_managers_and_staff(client, world):
    engineer_token, _ = token_for(world.owner, ["team:read", "evidence:read"])
    manager_token, _ = token_for(world.manager, ["team:read"])
    staff_token, _ = token_for(world.staff, ["team:read"])
    assert engineer_token.scopes == ["evidence:read"]
    assert manager_token.scopes == staff_token.scopes == ["team:read"]
    client.force_login(world.owner)
    assert b"team:read" not in client.get(reverse("api_tokens")).content


def test_a_token_needs_a_name_and_a_scope(client, world):
    client.force_login(world.owner)
    response = client.post(reverse("api_tokens"), {"name": " ", "expires_on": _in_days(5)})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert response.context["form"].errors.keys() == {"name", "scopes"}
    with pytest.raises(ValidationError, match="at least one"):
        token_create(owner=world.owner, name="x", scopes=["team:read"])


def test_revoking_refuses_the_token_at_once(client, world):
    token, secret = token_for(world.owner)
    assert client.get(api_url("evidence"), headers=bearer(secret)).status_code == 200
    client.force_login(world.owner)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    client.logout()
    refused = client.get(api_url("evidence"), headers=bearer(secret))
    assert refused.status_code == 401 and refused.json()["code"] == "token_revoked"


def test_nobody_revokes_someone_elses_token(client, world):
    token, _ = token_for(world.owner)
    client.force_login(world.manager)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_last_used_is_written_at_most_once_a_minute(client, world):
    token, secret = token_for(world.owner)
    client.get(api_url("evidence"), headers=bearer(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(api_url("evidence"), headers=bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first
    earlier = timezone.now() - timedelta(seconds=61)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    client.get(api_url("evidence"), headers=bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at > earlier + timedelta(seconds=60)


def test_the_page_links_from_every_page(client, world):
    client.force_login(world.owner)
    assert reverse("api_tokens").encode() in client.get(reverse("home")).content


def _in_days(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()
