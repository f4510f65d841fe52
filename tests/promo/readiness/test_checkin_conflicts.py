"""Recording a check-in from two tabs: the second gets a conflict page and loses nothing."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from promo.models import ImpactCheckIn
from promo.readiness.checkins.services import checkins_plan_for
from tests.conftest import require
from tests.promo.readiness.helpers import artifact

SHIPPED = date(2025, 1, 6)
FIRST = {"outcome": "Adopted by two teams", "metric_after": "2 teams", "version": 1}
SECOND = {"outcome": "Checkout p99 halved", "link": "https://dash.example/p99", "version": 1}


def due_checkin(owner):
    item = artifact(owner, SHIPPED, title="Faster checkout", shipped_on=SHIPPED)
    checkins_plan_for(item)
    return item.checkins.get(offset_days=30)


def test_the_second_tab_gets_both_answers_and_keeps_its_typing(client, world):
    checkin = due_checkin(world.owner)
    url = reverse("checkin_record", args=[checkin.pk])
    client.force_login(world.owner)
    assert 'name="version" value="1"' in client.get(url).content.decode()
    assert client.post(url, FIRST).status_code == 302

    response = client.post(url, SECOND)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone recorded this check-in while you were writing" in page
    assert "Adopted by two teams" in page and "2 teams" in page  # the saved answer
    assert page.count("Checkout p99 halved") == 2  # shown as yours, and in the form
    assert 'value="https://dash.example/p99"' in page
    assert 'name="version" value="2"' in page
    saved = ImpactCheckIn.objects.get(pk=checkin.pk)
    assert saved.outcome == "Adopted by two teams" and saved.version == 2


def test_saving_mine_from_the_conflict_page_replaces_the_saved_answer(client, world):
    checkin = due_checkin(world.owner)
    url = reverse("checkin_record", args=[checkin.pk])
    client.force_login(world.owner)
    client.post(url, FIRST)
    client.post(url, SECOND)
    assert client.post(url, {**SECOND, "version": 2}).status_code == 302
    saved = ImpactCheckIn.objects.get(pk=checkin.pk)
    assert saved.outcome == "Checkout p99 halved" and saved.version == 3


def test_htmx_shows_the_conflict_in_place_of_the_form(client, world):
    checkin = due_checkin(world.owner)
    url = reverse("checkin_record", args=[checkin.pk])
    client.force_login(world.owner)
    client.post(url, FIRST)
    response = client.post(url, SECOND, headers={"HX-Request": "true"})
    html = response.content.decode().lstrip()
    # 200: htmx swaps no 4xx response, and the typed answer must reach the page.
    assert response.status_code == 200 and html.startswith('<section id="checkin-form"')
    assert "Adopted by two teams" in html and "Checkout p99 halved" in html
    assert "<html" not in html


def test_a_form_without_its_version_is_refused_and_kept(client, world):
    checkin = due_checkin(world.owner)
    client.force_login(world.owner)
    response = client.post(
        reverse("checkin_record", args=[checkin.pk]), {"outcome": "Adopted widely"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "This form is out of date" in page
    assert "Adopted widely" in page
    assert not ImpactCheckIn.objects.get(pk=checkin.pk).is_recorded


@pytest.mark.django_db(transaction=True)
def test_a_double_submission_with_one_version_has_exactly_one_winner(world):
    require(connection.vendor == "postgresql", "the race under test is PostgreSQL's")
    checkin = due_checkin(world.owner)
    url = reverse("checkin_record", args=[checkin.pk])
    answers = [FIRST, SECOND]
    start = threading.Barrier(len(answers))
    statuses = [None] * len(answers)

    def submit(index):
        client = Client()
        client.force_login(world.owner)
        try:
            start.wait(timeout=60)
            statuses[index] = client.post(url, answers[index]).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(answers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [302, 409]
    winner = answers[statuses.index(302)]
    saved = ImpactCheckIn.objects.get(pk=checkin.pk)
    assert saved.outcome == winner["outcome"] and saved.version == 2
