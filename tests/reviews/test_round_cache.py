"""The round page keeps each thread's HTML in the cache; what it serves stays each
reader's own: their CSRF token, the comments as they are now."""

import re

from django.test import Client
from django.urls import reverse

from reviews import services
from reviews.models import Comment
from tests.reviews.factories import open_threads, shared_round

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
