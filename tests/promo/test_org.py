import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from promo.models import MentorAssignment
from promo.org.access import relation_between
from promo.org.services import mentor_assign, user_set_manager
from promo.org.tree import manager_would_cycle, managers_above_ids, people_below_ids
from tests.factories import UserFactory


def test_a_director_sees_reports_of_reports(world):
    below = set(people_below_ids(world.director.pk))
    assert {world.manager.pk, world.owner.pk, world.other_engineer.pk} <= below
    assert world.staff.pk not in below
    assert set(people_below_ids(world.manager.pk)) == {world.owner.pk}


def test_the_chain_above_is_nearest_first(world):
    assert managers_above_ids(world.owner.pk) == [world.manager.pk, world.director.pk]
    assert relation_between(world.director, world.owner).is_manager
    assert not relation_between(world.other_manager, world.owner).is_manager
    assert not relation_between(world.owner, world.owner).is_manager


def test_a_deep_tree_is_walked_in_one_query(db, django_assert_num_queries):
    top = UserFactory()
    boss = top
    for _ in range(30):
        boss = UserFactory(manager=boss)
    with django_assert_num_queries(1):
        assert len(people_below_ids(top.pk)) == 30


def test_it_refuses_a_cycle_in_the_manager_chain(world):
    with pytest.raises(ValidationError, match="cannot loop"):
        user_set_manager(user=world.director, manager=world.owner)
    world.director.refresh_from_db()
    assert world.director.manager is None


def test_it_refuses_being_ones_own_manager(world):
    assert manager_would_cycle(world.owner, world.owner)
    with pytest.raises(ValidationError):
        user_set_manager(user=world.owner, manager=world.owner)


def test_a_manager_change_moves_the_view(world):
    user_set_manager(user=world.owner, manager=world.other_manager)
    assert relation_between(world.other_manager, world.owner).is_manager
    assert not relation_between(world.manager, world.owner).is_manager


def test_a_mentor_comes_from_outside_the_chain(world):
    with pytest.raises(ValidationError, match="management chain"):
        mentor_assign(mentor=world.manager, mentee=world.owner, by=world.staff)
    with pytest.raises(ValidationError, match="themselves"):
        mentor_assign(mentor=world.owner, mentee=world.owner, by=world.staff)
    assignment = mentor_assign(mentor=world.unassigned_mentor, mentee=world.owner, by=world.staff)
    assert assignment.created_by == world.staff


def test_the_database_refuses_self_mentoring(world):
    with pytest.raises(IntegrityError):
        MentorAssignment.objects.create(mentor=world.owner, mentee=world.owner)


def test_one_person_can_hold_every_role(world):
    mentor_assign(mentor=world.manager, mentee=world.other_engineer, by=world.staff)
    assert relation_between(world.manager, world.owner).is_manager
    assert relation_between(world.manager, world.other_engineer).is_mentor
    assert not relation_between(world.manager, world.owner).is_mentor
    assert world.manager.level.code == "L7"


@pytest.mark.django_db
def test_staff_cannot_make_themselves_a_manager_or_mentor(world):
    with pytest.raises(ValidationError, match="cannot make yourself their manager"):
        user_set_manager(user=world.owner, manager=world.staff, by=world.staff)
    with pytest.raises(ValidationError, match="cannot make yourself their mentor"):
        mentor_assign(mentor=world.staff, mentee=world.owner, by=world.staff)
    world.owner.refresh_from_db()
    assert world.owner.manager == world.manager
    assert not MentorAssignment.objects.filter(mentor=world.staff).exists()


@pytest.mark.django_db
def test_another_staff_member_or_a_superuser_may_make_them_one(world):
    colleague = UserFactory(is_staff=True)
    user_set_manager(user=world.owner, manager=world.staff, by=colleague)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    mentor_assign(mentor=superuser, mentee=world.other_engineer, by=superuser)
    world.owner.refresh_from_db()
    assert world.owner.manager == world.staff
    assert MentorAssignment.objects.filter(mentor=superuser).exists()


def test_a_person_edit_that_names_yourself_manager_keeps_the_typing(client, world):
    client.force_login(world.staff)
    url = reverse("staff_person_edit", args=[world.owner.pk])
    data = {
        "email": world.owner.email,
        "display_name": "Olive Renamed",
        "time_zone": world.owner.time_zone,
        "team": world.owner.team_id,
        "manager": world.staff.pk,
        "ladder": world.owner.ladder_id,
        "level": world.owner.level_id,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "cannot make yourself their manager" in response.content.decode()
    assert "Olive Renamed" in response.content.decode()
    world.owner.refresh_from_db()
    assert world.owner.manager == world.manager and world.owner.display_name == "Olive Owner"
