"""An outdated thread carried into a later round keeps its quote and context from the
earlier version: only those who may read that version see them (reviews.access)."""

import pytest
from django.urls import reverse

from reviews import services
from reviews.anchors import Anchor
from reviews.sections import SUMMARY
from tests.factories import MentorAssignmentFactory, engineer
from tests.reviews.factories import drafted_document

pytestmark = pytest.mark.django_db

EARLIER_TEXT = "Project Orion"
NOTICE = "Quoted from version 1, which you were not asked to review."


@pytest.fixture
def newcomer(world):
    """A mentor of the engineer chosen only for the second version."""
    mentor = engineer("L7", display_name="Nora Newcomer", email="nora@example.com")
    MentorAssignmentFactory(mentor=mentor, mentee=world.owner)
    return mentor


@pytest.fixture
def carried(world, newcomer):
    """A passage thread on version 1 whose text is gone from version 2: (round 2, thread)."""
    document = drafted_document(world)
    summary = f"I led {EARLIER_TEXT}, the storage migration."
    services.draft_save(
        document=document, bodies={SUMMARY: summary}, base_version=1, by=world.owner
    )
    first = services.document_share_for_review(
        document=document, reviewers=[world.mentor], include_manager=False, by=world.owner
    )
    thread = services.thread_open(
        review_round=first,
        by=world.mentor,
        anchor=Anchor("passage", SUMMARY, quote=EARLIER_TEXT),
        body="Who else was on it?",
    )
    services.round_close(review_round=first, by=world.owner)
    document.refresh_from_db()
    services.draft_save(
        document=document,
        bodies={SUMMARY: "Numbers first: latency halved."},
        base_version=document.draft_version,
        by=world.owner,
    )
    second = services.document_share_for_review(
        document=document,
        reviewers=[world.mentor, newcomer],
        include_manager=False,
        by=world.owner,
    )
    thread.refresh_from_db()
    assert thread.round == second and thread.outdated
    return second, thread


def round_page(client, person, review_round):
    client.force_login(person)
    response = client.get(reverse("reviews_round", args=[review_round.pk]))
    assert response.status_code == 200
    return response.content.decode()


def reply_fragment(client, person, thread):
    client.force_login(person)
    response = client.post(
        reverse("reviews_comment_new", args=[thread.pk]),
        {"body": "Noted."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_mentor_chosen_only_for_the_later_version_sees_no_earlier_text(client, newcomer, carried):
    second, thread = carried
    for html in (round_page(client, newcomer, second), reply_fragment(client, newcomer, thread)):
        assert EARLIER_TEXT not in html
        assert "storage migration" not in html  # the original context
        assert NOTICE in html
        assert "Who else was on it?" in html  # the conversation itself is the round's


@pytest.mark.parametrize("reader", ["owner", "mentor"])
def test_the_engineer_and_a_mentor_of_both_rounds_see_the_quote_and_context(
    client, world, carried, reader
):
    second, thread = carried
    person = getattr(world, reader)
    for html in (round_page(client, person, second), reply_fragment(client, person, thread)):
        assert f"<q>{EARLIER_TEXT}</q>" in html
        assert "storage migration" in html
        assert NOTICE not in html
