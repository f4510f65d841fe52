"""Linking a GitHub account: the challenge found on GitHub (bio or gist), staff linking,
unlinking, the token kept encrypted, and the audit log of each."""

import pytest
from django.urls import reverse

from promo.integrations.github.models import GitHubLink
from promo.integrations.github.services import (
    github_link_by_staff,
    github_link_claim,
    link_challenge,
)
from promo.integrations.github.tokens import token_decrypt
from promo.models import AuditEntry
from tests.promo.integrations.github.fake_github import TOKEN


@pytest.fixture
def claimed(client, world, fake_github):
    client.force_login(world.owner)
    response = client.post(reverse("github_settings"), {"login": "Codertocat"})
    assert response.status_code == 302
    link = GitHubLink.objects.get(person=world.owner)
    return link, link_challenge(link)


def _verify(client):
    return client.post(reverse("github_verify"), follow=True).content.decode()


def test_claiming_shows_the_challenge_to_publish(client, world, claimed):
    link, challenge = claimed
    page = client.get(reverse("github_settings")).content.decode()
    assert challenge in page and not link.is_verified
    assert challenge.startswith("promo-verify-") and len(challenge) > 30


def test_the_challenge_in_the_bio_verifies_and_is_audited(client, world, claimed, fake_github):
    link, challenge = claimed
    fake_github.account["bio"] = f"Octocat's friend. {challenge}"
    page = _verify(client)
    assert "Linked to Codertocat" in page
    link.refresh_from_db()
    assert link.is_verified and link.method == "challenge" and link.github_id == 21031067
    entry = AuditEntry.objects.get(detail="GitHub account linked: Codertocat")
    assert entry.actor == world.owner and entry.subject == world.owner


def test_the_challenge_in_a_gist_description_verifies(client, claimed, fake_github):
    link, challenge = claimed
    fake_github.gists = [("notes", {"a.md": "hello"}), (f"proof {challenge}", {"b.md": "x"})]
    _verify(client)
    link.refresh_from_db()
    assert link.is_verified


def test_the_challenge_in_a_gist_file_verifies(client, claimed, fake_github):
    link, challenge = claimed
    fake_github.gists = [("", {"promo.txt": f"{challenge}\n"})]
    _verify(client)
    link.refresh_from_db()
    assert link.is_verified


def test_without_the_challenge_it_stays_pending_and_says_why(client, claimed, fake_github):
    link, challenge = claimed
    fake_github.account["bio"] = "promo-verify-somebody-elses"
    page = _verify(client)
    assert f"{challenge} is not in the bio of Codertocat" in page
    link.refresh_from_db()
    assert not link.is_verified and not AuditEntry.objects.filter(detail__contains="GitHub")


def test_a_challenge_for_someone_else_does_not_verify(client, world, claimed, fake_github):
    mine = claimed[0]
    other = GitHubLink(person=world.other_engineer, login="Codertocat", created_at=mine.created_at)
    fake_github.account["bio"] = link_challenge(other)
    _verify(client)
    mine.refresh_from_db()
    assert not mine.is_verified


def test_github_unreachable_is_a_message_not_an_error(client, claimed, settings):
    settings.GITHUB_API_URL = "http://127.0.0.1:9"  # the discard port: refused
    page = _verify(client)
    assert "GitHub could not be reached" in page


def test_a_bad_login_keeps_what_was_typed(client, world, fake_github):
    client.force_login(world.owner)
    response = client.post(reverse("github_settings"), {"login": "-bad--login"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="-bad--login"' in page and "single hyphens" in page


def test_a_login_someone_else_has_is_refused(client, world):
    github_link_by_staff(person=world.other_engineer, login="Codertocat", by=world.staff)
    client.force_login(world.owner)
    response = client.post(reverse("github_settings"), {"login": "codertocat"})
    assert "already linked to someone else" in response.content.decode()
    assert not GitHubLink.objects.filter(person=world.owner).exists()


def test_unlinking_removes_the_link_and_token_and_is_audited(client, world):
    github_link_by_staff(person=world.owner, login="Codertocat", by=world.staff)
    client.force_login(world.owner)
    client.post(reverse("github_token"), {"token": TOKEN})
    client.post(reverse("github_unlink"))
    assert not GitHubLink.objects.filter(person=world.owner).exists()
    assert AuditEntry.objects.filter(
        actor=world.owner, subject=world.owner, detail="GitHub account unlinked: Codertocat"
    ).exists()


def test_the_token_is_stored_encrypted_and_can_be_removed(client, world):
    github_link_by_staff(person=world.owner, login="Codertocat", by=world.staff)
    client.force_login(world.owner)
    assert client.post(reverse("github_token"), {"token": TOKEN}).status_code == 302
    link = GitHubLink.objects.get(person=world.owner)
    assert TOKEN not in link.token_encrypted and token_decrypt(link.token_encrypted) == TOKEN
    client.post(reverse("github_token_forget"))
    link.refresh_from_db()
    assert link.token_encrypted == "" and not link.has_token


def test_a_token_under_a_changed_key_reads_as_none(world, settings):
    github_link_by_staff(person=world.owner, login="Codertocat", by=world.staff)
    from promo.integrations.github.services import github_token_save

    github_token_save(person=world.owner, token=TOKEN, by=world.owner)
    settings.GITHUB_TOKEN_KEY = "zK0bGjLwYHzN0jz8w1Xq9mU2uFh3sR4tV5yW6xA7bC8="
    assert token_decrypt(GitHubLink.objects.get(person=world.owner).token_encrypted) == ""


def test_a_token_needs_a_verified_link(client, world):
    client.force_login(world.owner)
    github_link_claim(person=world.owner, login="Codertocat")
    response = client.post(reverse("github_token"), {"token": TOKEN})
    assert response.status_code == 200 and "verify your GitHub account" in response.content.decode()


def test_staff_link_someone_directly(client, world):
    client.force_login(world.staff)
    url = reverse("staff_github_link", args=[world.owner.pk])
    assert client.post(url, {"login": "Codertocat"}).status_code == 302
    link = GitHubLink.objects.get(person=world.owner)
    assert link.is_verified and link.method == "staff" and link.linked_by == world.staff
    assert AuditEntry.objects.filter(
        actor=world.staff, subject=world.owner, detail="GitHub account linked by staff: Codertocat"
    ).exists()
    assert "Linked to <strong>Codertocat</strong>" in client.get(url).content.decode()
    client.post(url, {"action": "unlink"})
    assert not GitHubLink.objects.filter(person=world.owner).exists()


def test_the_profile_page_leads_to_the_github_page(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("profile")).content.decode()
    assert reverse("github_settings") in page
