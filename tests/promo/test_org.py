import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from promo.models import MentorAssignment
from promo.org.services import mentor_assign, user_set_manager
from promo.org.tree import manager_would_cycle, managers_above_ids, manages, people_below_ids
from tests.factories import UserFactory


def test_a_director_sees_reports_of_reports(world):
    below = set(people_below_ids(world.director.pk))
    assert {world.manager.pk, world.owner.pk, world.other_engineer.pk} <= below
    assert world.staff.pk not in below
    assert set(people_below_ids(world.manager.pk)) == {world.owner.pk}


def test_the_chain_above_is_nearest_first(world):
    assert managers_above_ids(world.owner.pk) == [world.manager.pk, world.director.pk]
    assert manages(world.director, world.owner)
    assert not manages(world.other_manager, world.owner)
    assert not manages(world.owner, world.owner)


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
    assert manages(world.other_manager, world.owner)
    assert not manages(world.manager, world.owner)


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
    assert manages(world.manager, world.owner)
    assert MentorAssignment.objects.filter(mentor=world.manager).exists()
    assert world.manager.level.code == "L7"
