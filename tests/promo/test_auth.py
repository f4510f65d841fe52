import re

from django.core import mail
from django.urls import reverse

from promo.web.context_processors import mentors_anyone
from tests.factories import UserFactory, candidacy_for


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('home')}"


def test_it_logs_in_with_email_case_insensitively(client, db):
    UserFactory(email="olive@example.com", password="correct horse battery")
    response = client.post(
        reverse("login"), {"username": "Olive@Example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_keeps_the_email_typed(client, db):
    UserFactory(email="olive@example.com")
    response = client.post(reverse("login"), {"username": "olive@example.com", "password": "nope"})
    assert response.status_code == 200
    assert b'value="olive@example.com"' in response.content
    assert b"Please enter a correct email" in response.content


def test_login_rotates_the_session(client, db):
    UserFactory(email="olive@example.com", password="correct horse battery")
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    client.post(
        reverse("login"), {"username": "olive@example.com", "password": "correct horse battery"}
    )
    assert client.session.session_key != before


def test_logout_is_a_post(client, world):
    client.force_login(world.owner)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_working_link(client, db):
    person = UserFactory(email="olive@example.com")
    response = client.post(reverse("password_reset"), {"email": "olive@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    new = "a much longer passphrase 2026"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new)


def test_password_reset_says_the_same_for_unknown_addresses(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_change_checks_the_validators(client, world):
    client.force_login(world.owner)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "promo-demo-2026",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert b"entirely numeric" in response.content


def test_the_navigation_follows_roles(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("home")).content.decode()
    assert "Admin" not in page and "My team" not in page
    client.force_login(world.manager)
    assert "My team" in client.get(reverse("home")).content.decode()
    client.force_login(world.mentor)
    assert "Mentoring" in client.get(reverse("home")).content.decode()
    client.force_login(world.staff)
    assert "Admin" in client.get(reverse("home")).content.decode()


def test_a_mentor_whose_last_assignment_ends_loses_mentoring(client, world):
    # A case opened while they mentored does not keep them a mentor afterwards.
    candidacy_for(world.owner)
    client.force_login(world.mentor)
    assert f'href="{reverse("mentoring")}"' in client.get(reverse("home")).content.decode()
    world.mentor.mentee_links.all().delete()
    assert f'href="{reverse("mentoring")}"' not in client.get(reverse("home")).content.decode()


def test_whether_someone_mentors_is_one_query_either_way(world, django_assert_num_queries):
    candidacy_for(world.other_engineer)
    for person, mentors in [
        (world.mentor, True),
        (world.manager, False),  # a manager is no mentor
        (world.owner, False),
    ]:
        with django_assert_num_queries(1):
            assert mentors_anyone(person) is mentors


def test_every_page_sends_csrf_to_htmx_and_a_strict_csp(client, world):
    client.force_login(world.owner)
    response = client.get(reverse("home"))
    assert 'hx-headers=\'{"X-CSRFToken": "' in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
