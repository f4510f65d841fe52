"""Everyone's own profile: name, time zone and email, audited like staff changes."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promo.models import AuditEntry, User


def form(person, **changes):
    data = {
        "display_name": person.display_name,
        "email": person.email,
        "time_zone": person.time_zone,
        "current_password": "",
    }
    data.update(changes)
    return data


def test_anyone_changes_their_name_and_time_zone(client, world):
    client.force_login(world.mentor)
    page = client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("nudge_preferences")}"' in page
    assert f'href="{reverse("password_change")}"' in page
    response = client.post(
        reverse("profile"), form(world.mentor, display_name="Pia P.", time_zone="Asia/Tokyo")
    )
    assert response.status_code == 302 and response["Location"] == reverse("profile")
    mentor = User.objects.get(pk=world.mentor.pk)
    assert (mentor.display_name, mentor.time_zone) == ("Pia P.", "Asia/Tokyo")
    assert not AuditEntry.objects.filter(subject=mentor).exists()


def test_the_header_links_to_the_profile(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("profile")}">Olive Owner</a>' in page


def test_an_email_change_needs_the_password_and_is_audited_and_announced(
    client, world, django_capture_on_commit_callbacks, settings
):
    client.force_login(world.owner)
    refused = client.post(reverse("profile"), form(world.owner, email="olive@new.example"))
    assert "Type your current password to change email." in refused.content.decode()
    assert 'value="olive@new.example"' in refused.content.decode()  # the typing is kept
    assert User.objects.get(pk=world.owner.pk).email == "olive@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profile"),
            form(
                world.owner,
                email="Olive@New.example",
                current_password=settings.DEMO_PASSWORD,
            ),
        )
    assert response.status_code == 302
    assert User.objects.get(pk=world.owner.pk).email == "olive@new.example"
    entry = AuditEntry.objects.get(subject=world.owner, action=AuditEntry.Action.ROLE_CHANGED)
    assert "email: olive@example.com → olive@new.example" in entry.detail
    [notice] = mail.outbox
    assert notice.to == ["olive@example.com"]


def test_an_email_taken_or_a_zone_unknown_is_refused_with_the_typing_kept(client, world, settings):
    client.force_login(world.owner)
    response = client.post(
        reverse("profile"),
        form(
            world.owner,
            email=world.manager.email.upper(),
            time_zone="Mars/Olympus",
            display_name="Olive O.",
            current_password=settings.DEMO_PASSWORD,
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Olive O." in page
    assert "Mars/Olympus is not one of the available choices" in page
    assert "already exists" in page


def test_the_profile_page_holds_its_query_count(client, world):
    client.force_login(world.owner)
    client.get(reverse("profile"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("profile")).status_code == 200
    assert len(queries) == PINNED, [q["sql"] for q in queries]


PINNED = 6  # session, user, two navigation checks, the calendar feed, recent exports
