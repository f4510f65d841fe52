"""The round page keeps its body and each thread's HTML in the cache; what it serves stays
each reader's own: their CSRF token, what they may see, the round as it is now. Each change
test views the page first, so the body is cached, then changes one thing it shows, through
a service or with a bare update no service sees, and views it again."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from evidence.models import Artifact
from promo.models import Gap, User
from reviews import services
from reviews.anchors import Anchor
from reviews.models import Comment
from tests.reviews.factories import criteria_of, open_threads, shared_round

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, review_round):
    response = client.get(reverse("reviews_round", args=[review_round.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_cached_thread_carries_the_readers_own_token_and_its_form_posts(world):
    review_round = shared_round(world)
    thread = open_threads(review_round, world.mentor, 1)[0]
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.mentor)
    _page(first, review_round)  # renders and caches the thread
    second = Client(enforce_csrf_checks=True)
    second.force_login(world.mentor)
    page = _page(second, review_round)  # served from the cache
    assert "csrf-token-slot" not in page
    tokens = TOKEN.findall(page)
    assert tokens
    response = second.post(
        reverse("reviews_comment_new", args=[thread.pk]),
        {"body": "Posted without JavaScript", "csrfmiddlewaretoken": tokens[-1]},
    )
    assert response.status_code in (200, 302)
    assert Comment.objects.filter(thread=thread, body="Posted without JavaScript").exists()


def test_a_new_comment_shows_at_once_despite_the_cache(client, world):
    review_round = shared_round(world)
    thread = open_threads(review_round, world.mentor, 1)[0]
    client.force_login(world.mentor)
    assert "Fresh reply" not in _page(client, review_round)
    services.comment_add(thread=thread, by=world.owner, body="Fresh reply")
    assert "Fresh reply" in _page(client, review_round)


def _resolve(world, review_round, thread):
    services.thread_resolve(thread=thread, by=world.mentor)
    return 'class="badge good">resolved<'


def _give_verdict(world, review_round, thread):
    criterion = criteria_of(world.owner)[0]
    services.verdict_give(
        review_round=review_round,
        reviewer=world.mentor,
        criterion=criterion,
        value="not_yet",
        note="Needs a second quarter",
    )
    return "Needs a second quarter"


def _edit_comment_by_hand(world, review_round, thread):
    Comment.objects.filter(thread=thread).update(body="Rewritten outside any service")
    return "Rewritten outside any service"


def _link_gap(world, review_round, thread):
    criterion = criteria_of(world.owner)[0]
    candidacy = review_round.document.candidacy
    gap = Gap.objects.create(candidacy=candidacy, criterion=criterion, text="Lead a migration")
    services.thread_link_gap(thread=thread, gap=gap, by=world.owner)
    return "Lead a migration"


def _rename_reviewer(world, review_round, thread):
    User.objects.filter(pk=world.mentor.pk).update(display_name="Pia Renamed")
    return "Pia Renamed"


def _open_another_thread(world, review_round, thread):
    other = services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("section", thread.section_key),
        body="A second thread",
    )
    return f'id="thread-{other.pk}"'


@pytest.mark.parametrize(
    "change",
    [
        _resolve,
        _give_verdict,
        _edit_comment_by_hand,
        _link_gap,
        _rename_reviewer,
        _open_another_thread,
    ],
)
def test_a_change_to_what_the_round_shows_is_shown_at_once(world, change):
    review_round = shared_round(world)
    thread = open_threads(review_round, world.mentor, 1)[0]
    for person in (world.mentor, world.owner):  # both bodies cached
        client = Client()
        client.force_login(person)
        before = _page(client, review_round)
    shown = change(world, review_round, thread)
    assert shown not in before
    for person in (world.mentor, world.owner):
        client = Client()
        client.force_login(person)
        assert shown in _page(client, review_round)


def test_evidence_made_private_leaves_the_reviewers_page_at_once(client, world):
    review_round = shared_round(world)
    cited = Artifact.objects.filter(owner=world.owner).order_by("pk").first()
    client.force_login(world.mentor)
    assert cited.title in _page(client, review_round)
    Artifact.objects.filter(pk=cited.pk).update(visibility="private")
    assert cited.title not in _page(client, review_round)


def test_the_engineer_and_a_reviewer_never_share_a_body(world):
    review_round = shared_round(world)
    mentor, owner = Client(), Client()
    mentor.force_login(world.mentor)
    owner.force_login(world.owner)
    as_mentor, as_owner = _page(mentor, review_round), _page(owner, review_round)
    assert "My feedback is in" in as_mentor and "Close round" not in as_mentor
    assert "Close round" in as_owner and "My feedback is in" not in as_owner
    assert "Your verdicts" in _page(mentor, review_round)


def test_comment_on_this_section_still_chooses_the_section(client, world):
    review_round = shared_round(world)
    key = review_round.version.sections[1]["key"]
    client.force_login(world.mentor)
    _page(client, review_round)
    url = reverse("reviews_round", args=[review_round.pk]) + f"?section={key}"
    page = client.get(url).content.decode()
    assert f'<option value="{key}" selected>' in page
    assert f'<option value="{key}" selected>' not in _page(client, review_round)
