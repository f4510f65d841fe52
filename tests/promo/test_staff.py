from django.urls import reverse

from promo.models import MentorAssignment, Team, User


def test_staff_add_a_person_who_then_resets_their_password(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_person_new"),
        {
            "email": "New.Person@Example.com",
            "display_name": "New Person",
            "time_zone": "Europe/Paris",
            "team": world.owner.team_id,
            "manager": world.manager.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.com")
    assert person.manager == world.manager and not person.has_usable_password()


def test_a_cycle_is_refused_with_a_clear_error_and_the_typing_kept(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_person_edit", args=[world.director.pk]),
        {
            "email": world.director.email,
            "display_name": "Dana Renamed",
            "time_zone": "UTC",
            "manager": world.owner.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "a manager chain cannot loop" in response.content.decode()
    assert 'value="Dana Renamed"' in response.content.decode()
    world.director.refresh_from_db()
    assert world.director.manager is None and world.director.display_name == "Dana Director"


def test_an_invalid_time_zone_is_explained(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_person_edit", args=[world.owner.pk]),
        {
            "email": world.owner.email,
            "display_name": "Olive",
            "time_zone": "Mars/Base",
        },
    )
    assert "is not a time zone name" in response.content.decode()


def test_staff_manage_teams(client, world):
    client.force_login(world.staff)
    client.post(reverse("staff_teams"), {"name": "Growth", "description": "Acquisition"})
    team = Team.objects.get(name="Growth")
    client.post(reverse("staff_team_edit", args=[team.pk]), {"name": "Growth & Retention"})
    team.refresh_from_db()
    assert team.name == "Growth & Retention"


def test_staff_assign_and_remove_mentors(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_mentors"), {"mentor": world.manager.pk, "mentee": world.owner.pk}
    )
    assert "management chain" in response.content.decode()
    client.post(
        reverse("staff_mentors"), {"mentor": world.unassigned_mentor.pk, "mentee": world.owner.pk}
    )
    assignment = MentorAssignment.objects.get(mentor=world.unassigned_mentor, mentee=world.owner)
    client.post(reverse("staff_mentor_remove", args=[assignment.pk]))
    assert not MentorAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_people_list_has_constant_queries(client, world, django_assert_num_queries):
    from tests.factories import UserFactory

    client.force_login(world.staff)
    client.get(reverse("staff_people"))  # warm the session
    # One query for the invitations column: the latest invitation of each.
    with django_assert_num_queries(6) as few:
        client.get(reverse("staff_people"))
    UserFactory.create_batch(40, manager=world.manager, team=world.owner.team)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("staff_people"))
