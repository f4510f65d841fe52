"""Home costs the same number of queries with 1 or many reports and mentees."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MentorAssignmentFactory, UserFactory


def _count(client):
    client.get(reverse("home"))  # the first request after login saves the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _add_reports_and_mentees(world, count):
    for person in UserFactory.create_batch(count, manager=world.manager):
        MentorAssignmentFactory(mentor=world.manager, mentee=person)


def test_home_holds_its_query_count_with_1_or_30_reports_and_mentees(client, world):
    client.force_login(world.manager)
    _add_reports_and_mentees(world, 1)
    one, _ = _count(client)
    _add_reports_and_mentees(world, 29)
    many, page = _count(client)
    assert many == one
    assert "My team" in page and "Mentoring" in page


def test_an_engineer_who_manages_and_mentors_nobody_is_not_asked_about_either(client, world):
    client.force_login(world.other_engineer)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    statements = " ".join(query["sql"] for query in queries)
    assert "reviews_reviewround" not in statements
    assert "dashboards" not in statements and "readinesssnapshot" not in statements
    assert "Your reports" not in page and "You mentor" not in page
    assert f"<dt>Team</dt><dd>{world.other_engineer.team}</dd>" in page
    # A first mentee counts at once: roles are read per request, never kept.
    MentorAssignmentFactory(mentor=world.other_engineer, mentee=UserFactory())
    assert "You mentor" in client.get(reverse("home")).content.decode()
