"""Staff invite people by email: a signed, expiring link to choose a password."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from promo.accounts.invitations import invitation_from_token, invitation_send, invitation_token
from promo.models import Invitation, User
from tests.factories import UserFactory


@pytest.fixture
def newcomer(db):
    person = UserFactory(display_name="Nia Newcomer", email="nia@example.com")
    person.set_unusable_password()
    person.save(update_fields=["password"])
    return person


def link_in(message):
    return next(line for line in message.body.splitlines() if "/accounts/invitation/" in line)


def test_staff_invite_and_the_link_sets_the_password_and_signs_in(
    client, world, newcomer, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff_person_invite", args=[newcomer.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("staff_people")
    [invitation_mail] = mail.outbox
    assert invitation_mail.to == ["nia@example.com"]
    assert "Sam Staff invited you to promo" in invitation_mail.body
    page = client.get(reverse("staff_people")).content.decode()
    assert "Sent</span>" in page and "Resend" in page
    client.logout()
    link = link_in(invitation_mail).removeprefix("http://localhost:8000")
    assert "Choose a password to sign in to promo as" in client.get(link).content.decode()
    done = client.post(
        link, {"new_password1": "a-long-fresh-pass", "new_password2": "a-long-fresh-pass"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert User.objects.get(pk=newcomer.pk).check_password("a-long-fresh-pass")
    assert client.get(reverse("home")).status_code == 200  # signed in
    assert client.get(link).status_code == 400  # used once
    client.force_login(world.staff)
    assert "Accepted</span>" in client.get(reverse("staff_people")).content.decode()


def test_a_bad_password_keeps_the_link_working(client, newcomer, world):
    token = invitation_token(invitation_send(person=newcomer, by=world.staff))
    url = reverse("invitation_accept", args=[token])
    response = client.post(url, {"new_password1": "short", "new_password2": "other"})
    assert response.status_code == 200 and "didn’t match" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_a_resent_or_a_tampered_link_does_not_work(client, newcomer, world):
    first = invitation_send(person=newcomer, by=world.staff)
    later = timezone.now() + timedelta(days=8)
    assert invitation_from_token(invitation_token(first), now=later) is None
    assert first.state(later) == Invitation.State.EXPIRED
    second = invitation_send(person=newcomer, by=world.staff)
    assert invitation_from_token(invitation_token(first)) is None  # replaced by the resend
    assert invitation_from_token(invitation_token(second)) == second
    response = client.get(reverse("invitation_accept", args=[invitation_token(second) + "x"]))
    assert response.status_code == 400 and "no longer works" in response.content.decode()
    newcomer.email = "someone-else@example.com"
    newcomer.save(update_fields=["email"])
    assert invitation_from_token(invitation_token(second)) is None


def test_someone_with_a_password_or_inactive_is_not_invited(client, world, newcomer):
    with pytest.raises(ValidationError):
        invitation_send(person=world.owner, by=world.staff)
    newcomer.is_active = False
    newcomer.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        invitation_send(person=newcomer, by=world.staff)
    client.force_login(world.staff)
    response = client.post(reverse("staff_person_invite", args=[world.owner.pk]), follow=True)
    assert "already has a password" in response.content.decode()


def test_only_staff_invite(client, world, newcomer):
    client.force_login(world.manager)
    assert client.post(reverse("staff_person_invite", args=[newcomer.pk])).status_code == 403
    assert not Invitation.objects.exists()


def test_the_people_page_holds_its_query_count_with_invitations(client, world):
    client.force_login(world.staff)
    url = reverse("staff_people")
    client.get(url)
    counts = []
    for count in (1, 20):
        for index in range(count):
            person = UserFactory(email=f"new{count}-{index}@example.com")
            person.set_unusable_password()
            person.save(update_fields=["password"])
            invitation_send(person=person, by=world.staff)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert page.count("Sent</span>") >= 20


def test_adding_a_person_can_invite_them_at_once(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.staff)
    assert "Email them an invitation" in client.get(reverse("staff_person_new")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff_person_new"),
            {
                "email": "Nia@Example.com",
                "display_name": "Nia Newcomer",
                "time_zone": "Europe/Paris",
                "manager": world.manager.pk,
                "is_active": "on",
                "send_invitation": "on",
            },
            follow=True,
        )
    assert "Saved Nia Newcomer and emailed them an invitation." in response.content.decode()
    person = User.objects.get(email="nia@example.com")
    assert Invitation.objects.get().person == person
    assert [message.to for message in mail.outbox] == [["nia@example.com"]]


def test_an_inactive_person_is_not_saved_with_an_invitation(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_person_new"),
        {
            "email": "nia@example.com",
            "display_name": "Nia Newcomer",
            "time_zone": "UTC",
            "send_invitation": "on",
        },
    )
    assert response.status_code == 200 and "make it active before inviting" in (
        response.content.decode()
    )
    assert not User.objects.filter(email="nia@example.com").exists()
