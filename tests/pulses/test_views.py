"""The pages: starting a pulse, answering it, and the aggregate on the readiness page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promo.models import Pulse, PulseRecipient
from promo.pulses.models import OPEN_FOR
from promo.pulses.services import pulses_close_expired
from tests.pulses.helpers import answer, ask, seniors

pytestmark = pytest.mark.django_db


def page(client, person, url):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def own_readiness(client, world):
    return page(client, world.owner, reverse("readiness"))


def test_the_form_offers_only_seniors_outside_the_chain(client, world):
    html = page(client, world.owner, reverse("pulse_start", args=[world.owner.pk]))
    assert "Does Olive Owner operate at L6 Senior Software Engineer today?" in html
    for senior in (world.mentor, world.unassigned_mentor, world.other_manager):
        assert f'value="{senior.pk}"' in html
    for other in (world.owner, world.manager, world.director, world.other_engineer):
        assert f'value="{other.pk}"' not in html


def test_too_few_keeps_the_selection_and_says_why(client, world):
    client.force_login(world.owner)
    url = reverse("pulse_start", args=[world.owner.pk])
    response = client.post(url, {"recipients": [world.mentor.pk, world.other_manager.pk]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose between 3 and 7 colleagues; you chose 2." in html
    assert html.count("checked") == 2  # the two chosen stay chosen
    assert not Pulse.objects.exists()


def test_someone_in_the_chain_by_a_forged_post_is_refused(client, world):
    client.force_login(world.owner)
    chosen = [world.mentor.pk, world.other_manager.pk, world.manager.pk]
    response = client.post(reverse("pulse_start", args=[world.owner.pk]), {"recipients": chosen})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Pulse.objects.exists()


def test_asking_goes_back_to_the_readiness_page(client, world):
    client.force_login(world.owner)
    chosen = [world.mentor.pk, world.other_manager.pk, world.unassigned_mentor.pk]
    response = client.post(reverse("pulse_start", args=[world.owner.pk]), {"recipients": chosen})
    assert response.status_code == 302 and response["Location"] == reverse("readiness")
    assert Pulse.objects.get().recipients.count() == 3
    assert "0 of 3 answered" in own_readiness(client, world)


def test_a_manager_asks_for_a_report(client, world):
    client.force_login(world.manager)
    chosen = [world.mentor.pk, world.other_manager.pk, world.unassigned_mentor.pk]
    response = client.post(reverse("pulse_start", args=[world.owner.pk]), {"recipients": chosen})
    assert response["Location"] == reverse("person_readiness", args=[world.owner.pk])
    assert Pulse.objects.get().started_by == world.manager


def test_with_a_pulse_open_the_form_says_so(client, world):
    ask(world)
    html = page(client, world.owner, reverse("pulse_start", args=[world.owner.pk]))
    assert "already has an open pulse" in html and "Ask them" not in html
    assert "Ask senior colleagues</a>" not in own_readiness(client, world)


def test_below_three_answers_the_engineer_sees_only_the_count(client, world):
    people = seniors(4)
    pulse = ask(world, people)
    answer(pulse, people[0], "yes", "Runs the incident reviews already.")
    answer(pulse, people[1], "not_yet", "Not across teams yet.")
    html = own_readiness(client, world)
    assert "2 of 4 answered" in html and "1 more to go" in html
    assert "incident reviews" not in html and "across teams" not in html
    assert "Yes: <strong>" not in html


def test_from_three_answers_the_aggregate_shows_and_never_a_name(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    answer(pulse, people[0], "yes", "Runs the incident reviews already.")
    answer(pulse, people[1], "not_yet", "Not across teams yet.")
    answer(pulse, people[2], "yes")
    for viewer, url in (
        (world.owner, reverse("readiness")),
        (world.manager, reverse("person_readiness", args=[world.owner.pk])),
        (world.director, reverse("person_readiness", args=[world.owner.pk])),
    ):
        html = page(client, viewer, url)
        assert "Yes: <strong>2</strong>" in html and "Not yet: <strong>1</strong>" in html
        assert "Runs the incident reviews already." in html
        assert "Answerer" not in html and "answerer" not in html


def test_mentors_and_staff_see_no_pulse(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    for person in people:
        answer(pulse, person, "yes", "Plainly.")
    for viewer in (world.mentor, world.staff):
        html = page(client, viewer, reverse("person_readiness", args=[world.owner.pk]))
        assert "What senior colleagues think" not in html and "Plainly." not in html


def test_the_answer_page_shows_the_question_and_keeps_the_answer_changeable(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    url = reverse("pulse_answer", args=[pulse.pk])
    html = page(client, people[0], url)
    assert "Does Olive Owner operate at L6 Senior Software Engineer today?" in html
    assert "Answerer 2" not in html and "Olive Owner’s" not in html
    response = client.post(url, {"answer": "not_yet", "sentence": "Close."})
    assert response.status_code == 302
    response = client.post(url, {"answer": "yes", "sentence": "Yes, on reflection."})
    recipient = PulseRecipient.objects.get(person=people[0])
    assert (recipient.answer, recipient.sentence) == ("yes", "Yes, on reflection.")
    assert "Change my answer" in page(client, people[0], url)


def test_a_bad_answer_keeps_what_was_typed(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    client.force_login(people[0])
    response = client.post(
        reverse("pulse_answer", args=[pulse.pk]), {"answer": "maybe", "sentence": "Kept words"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in html and "Kept words" in html


def test_after_two_weeks_the_answer_page_is_read_only(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    answer(pulse, people[0], "yes")
    Pulse.objects.filter(pk=pulse.pk).update(created_at=pulse.created_at - OPEN_FOR)
    url = reverse("pulse_answer", args=[pulse.pk])
    html = page(client, people[0], url)
    assert "This question closed" in html and "Send my answer" not in html
    client.post(url, {"answer": "not_yet"})
    assert PulseRecipient.objects.get(person=people[0]).answer == "yes"
    pulses_close_expired()
    assert "closed on" in page(client, people[0], url)


def test_only_those_asked_open_the_answer_page(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    url = reverse("pulse_answer", args=[pulse.pk])
    for someone in (world.owner, world.manager, world.staff, world.mentor, world.other_engineer):
        client.force_login(someone)
        assert client.get(url).status_code == 404


def test_a_colleague_who_joins_the_chain_can_no_longer_answer(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    world.manager.manager = people[0]
    world.manager.save(update_fields=["manager"])
    client.force_login(people[0])
    assert client.get(reverse("pulse_answer", args=[pulse.pk])).status_code == 404


def test_withdrawing_answer_and_pulse_through_the_pages(client, world):
    people = seniors(3)
    pulse = ask(world, people)
    answer(pulse, people[0], "yes")
    client.force_login(people[0])
    assert client.post(reverse("pulse_answer_withdraw", args=[pulse.pk])).status_code == 302
    assert PulseRecipient.objects.get(person=people[0]).answer == ""
    client.force_login(world.owner)
    response = client.post(reverse("pulse_withdraw", args=[pulse.pk]))
    assert response["Location"] == reverse("readiness")
    assert "Ask senior colleagues</a>" in own_readiness(client, world)
    client.force_login(people[0])
    assert client.get(reverse("pulse_answer", args=[pulse.pk])).status_code == 404


def test_the_readiness_fragment_leaves_the_panel_alone(client, world):
    ask(world)
    client.force_login(world.owner)
    response = client.get(reverse("readiness"), headers={"HX-Request": "true"})
    assert "What senior colleagues think" not in response.content.decode()


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["owner", "manager"])
def test_the_readiness_page_does_not_grow_with_answers(client, world, viewer):
    people = seniors(7)
    pulse = ask(world, people)
    for person in people[:3]:
        answer(pulse, person, "yes", f"Words of {person.pk}.")
    client.force_login(getattr(world, viewer))
    url = (
        reverse("readiness")
        if viewer == "owner"
        else reverse("person_readiness", args=[world.owner.pk])
    )
    three = _queries(client, url)
    for person in people[3:]:
        answer(pulse, person, "not_yet", f"Words of {person.pk}.")
    assert _queries(client, url) == three


def test_no_panel_for_someone_at_the_top_never_asked_about(client, world):
    html = page(client, world.director, reverse("readiness"))
    assert "What senior colleagues think" not in html
    assert "What senior colleagues think" in own_readiness(client, world)
