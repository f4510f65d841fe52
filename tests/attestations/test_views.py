"""The pages: asking on the artifact, answering, and confirmations on the artifact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Artifact
from evidence.services import artifact_trash
from promo.attestations.services import MAX_OPEN_REQUESTS, attestation_answer
from promo.models import Attestation, Team
from tests.attestations.helpers import QUESTION, an_artifact, ask
from tests.evidence.factories import attached
from tests.factories import UserFactory, engineer

pytestmark = pytest.mark.django_db


def confirm(asked, statement="Saved us a sprint.", adopted=False):
    return attestation_answer(
        attestation=asked, confirmed=True, statement=statement, adopted=adopted,
        by=asked.attester,
    )  # fmt: skip


def page_of(client, person, artifact):
    client.force_login(person)
    response = client.get(reverse("evidence_detail", args=[artifact.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_owner_asks_colleagues_from_the_picker(client, world):
    artifact = an_artifact(world)
    client.force_login(world.owner)
    url = reverse("attestation_request", args=[artifact.pk])
    page = client.get(url).content.decode()
    assert 'class="picker"' in page and "Ezra Engineer, Search" in page
    assert f'value="{world.owner.pk}"' not in page  # never themselves
    response = client.post(
        url, {"attesters": [world.other_engineer.pk, world.mentor.pk], "question": QUESTION}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence_detail", args=[artifact.pk])
    asked = Attestation.objects.filter(artifact=artifact)
    assert {a.attester for a in asked} == {world.other_engineer, world.mentor}


def test_past_the_cap_the_page_says_so_and_keeps_the_question(client, world):
    people = UserFactory.create_batch(MAX_OPEN_REQUESTS)
    ask(an_artifact(world, title="Earlier"), *people)
    artifact = an_artifact(world)
    client.force_login(world.owner)
    response = client.post(
        reverse("attestation_request", args=[artifact.pk]),
        {"attesters": [world.other_engineer.pk], "question": "Did it help the on-call?"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "at most 20 requests waiting" in page and "Did it help the on-call?" in page
    assert not Attestation.objects.filter(artifact=artifact).exists()


def test_asking_oneself_by_a_forged_post_is_refused(client, world):
    artifact = an_artifact(world)
    client.force_login(world.owner)
    response = client.post(
        reverse("attestation_request", args=[artifact.pk]),
        {"attesters": [world.owner.pk], "question": QUESTION},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Attestation.objects.exists()


def test_the_answer_page_shows_title_summary_and_question_only(client, world):
    artifact = an_artifact(
        world, body="Internal-only design notes", visibility=Artifact.Visibility.PRIVATE
    )
    [asked] = ask(artifact, world.other_engineer)
    client.force_login(world.other_engineer)
    page = client.get(reverse("attestation_answer", args=[asked.pk])).content.decode()
    assert "Retry-budget library" in page
    assert "Three teams stopped hand-rolling retries." in page
    assert QUESTION in page
    assert "Internal-only design notes" not in page


def test_a_request_opens_no_other_evidence_url_to_the_colleague(client, world):
    artifact = an_artifact(world)
    other = an_artifact(world, title="Unrelated")
    file = attached(artifact)
    [asked] = ask(artifact, world.other_engineer)
    client.force_login(world.other_engineer)
    urls = [
        reverse("evidence_detail", args=[artifact.pk]),
        reverse("evidence_detail", args=[other.pk]),
        reverse("evidence_history", args=[artifact.pk]),
        reverse("evidence_edit", args=[artifact.pk]),
        reverse("evidence_attachment", args=[artifact.pk, file.pk]),
        f"{reverse('evidence_list')}?person={world.owner.pk}",
        f"{reverse('evidence_timeline')}?person={world.owner.pk}",
        reverse("attestation_request", args=[artifact.pk]),
        reverse("attestation_cancel", args=[asked.pk]),
    ]
    for url in urls:
        method = client.post if "cancel" in url else client.get
        assert method(url).status_code == 404, url


def test_only_the_colleague_asked_opens_the_answer_page(client, world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    url = reverse("attestation_answer", args=[asked.pk])
    for someone in (world.owner, world.manager, world.staff, world.mentor):
        client.force_login(someone)
        assert client.get(url).status_code == 404


def test_confirming_through_the_page_shows_on_the_artifact(client, world):
    artifact = an_artifact(world)
    [asked] = ask(artifact, world.other_engineer)
    client.force_login(world.other_engineer)
    response = client.post(
        reverse("attestation_answer", args=[asked.pk]),
        {"answer": "confirm", "statement": "<b>Saved</b> us a sprint.", "adopted": "on"},
    )
    assert response.status_code == 302
    for reader in (world.owner, world.manager, world.mentor, world.staff):
        page = page_of(client, reader, artifact)
        assert "Confirmed by Ezra Engineer, Search" in page
        assert "&lt;b&gt;Saved&lt;/b&gt; us a sprint." in page  # their words, escaped
        assert "their team adopted it" in page


def test_the_owner_sees_the_marker_that_quotes_a_confirmation(client, world):
    artifact = an_artifact(world)
    [asked] = ask(artifact, world.other_engineer)
    confirm(asked)
    assert f"[attestation:{asked.pk}]" in page_of(client, world.owner, artifact)
    assert "[attestation:" not in page_of(client, world.manager, artifact)


def test_a_bad_answer_keeps_what_was_typed(client, world):
    [asked] = ask(an_artifact(world), world.other_engineer)
    client.force_login(world.other_engineer)
    response = client.post(
        reverse("attestation_answer", args=[asked.pk]),
        {"answer": "decline", "statement": "Kept words", "adopted": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "untick it to decline" in page and "Kept words" in page
    assert Attestation.objects.get().is_pending


def test_labels_follow_the_org_as_it_is_now(client, world):
    artifact = an_artifact(world)
    teammate = engineer(display_name="Tess Teammate", team=world.owner.team)
    by_manager, by_director, by_teammate, by_other = ask(
        artifact, world.manager, world.director, teammate, world.other_engineer
    )
    for asked in (by_manager, by_director, by_teammate, by_other):
        confirm(asked)
    page = page_of(client, world.owner, artifact)
    assert page.count("Confirmed by their manager") == 2  # the whole chain above
    assert "Confirmed by a teammate</strong> (Tess Teammate)" in page
    assert "Confirmed by Ezra Engineer, Search" in page
    world.other_engineer.team = world.owner.team
    world.other_engineer.save(update_fields=["team"])
    assert page_of(client, world.owner, artifact).count("Confirmed by a teammate") == 2
    world.other_engineer.team = Team.objects.create(name="Platform")
    world.other_engineer.save(update_fields=["team"])
    assert "Confirmed by Ezra Engineer, Platform" in page_of(client, world.owner, artifact)


def test_the_owner_sees_requests_and_cancels_one(client, world):
    artifact = an_artifact(world)
    [asked] = ask(artifact, world.other_engineer)
    page = page_of(client, world.owner, artifact)
    assert "Ezra Engineer: “" in page and reverse("attestation_cancel", args=[asked.pk]) in page
    response = client.post(reverse("attestation_cancel", args=[asked.pk]))
    assert response.status_code == 302
    assert Attestation.objects.get().status == Attestation.Status.CANCELLED
    assert "Ezra Engineer: “" not in page_of(client, world.owner, artifact)


def test_readers_see_confirmations_but_not_pending_requests(client, world):
    artifact = an_artifact(world)
    [asked] = ask(artifact, world.other_engineer)
    page = page_of(client, world.manager, artifact)
    assert "No confirmations yet" in page and QUESTION not in page
    assert reverse("attestation_cancel", args=[asked.pk]) not in page


def test_withdrawing_through_the_page_removes_the_confirmation(client, world):
    artifact = an_artifact(world)
    [asked] = ask(artifact, world.other_engineer)
    confirm(asked)
    client.force_login(world.other_engineer)
    page = client.get(reverse("attestation_answer", args=[asked.pk])).content.decode()
    assert "Withdraw my answer" in page
    assert client.post(reverse("attestation_withdraw", args=[asked.pk])).status_code == 302
    assert "Confirmed by" not in page_of(client, world.owner, artifact)


def test_a_trashed_artifact_closes_the_answer_page(client, world):
    artifact = an_artifact(world)
    [asked] = ask(artifact, world.other_engineer)
    artifact_trash(artifact=artifact, by=world.owner)
    client.force_login(world.other_engineer)
    assert client.get(reverse("attestation_answer", args=[asked.pk])).status_code == 404


def _queries(client, url):
    """Queries of one request once the session is warm; the page's confirmations."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode().count("Confirmed by")


@pytest.mark.parametrize("viewer", ["owner", "manager"])
def test_the_artifact_page_does_not_grow_with_confirmations(viewer, client, world):
    artifact = an_artifact(world)
    people = UserFactory.create_batch(12, team=Team.objects.create(name="Platform"))
    first, *rest = ask(artifact, *people)
    confirm(first)
    client.force_login(getattr(world, viewer))
    url = reverse("evidence_detail", args=[artifact.pk])
    one, shown = _queries(client, url)
    assert shown == 1
    for asked in rest:
        confirm(asked)
    assert _queries(client, url) == (one, 12)
