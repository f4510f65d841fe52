"""The round page's writes: verdicts all or none, and a thread's htmx fragment at a cost
that does not grow with the round."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import services
from reviews.models import Comment, Verdict
from tests.reviews.factories import criteria_of, open_threads, shared_round

# Session and access (round, reviewers now, thread), the comment and its claimed nudges,
# then the fragment: revealed citations, the one thread with its comments and gaps, and
# the case's gaps. Nothing in it is per thread of the round.
REPLY_FRAGMENT_QUERIES = 21  # the navigation is not in a fragment, so not asked


def test_it_saves_no_verdict_when_one_of_them_is_refused(world):
    review_round = shared_round(world)
    first, second = criteria_of(world.owner)[:2]
    with pytest.raises(ValidationError):
        services.verdicts_give(
            review_round=review_round,
            reviewer=world.mentor,
            chosen=[(first, Verdict.Value.NEXT_LEVEL, "Clear"), (second, "maybe", "")],
        )
    assert not Verdict.objects.filter(round=review_round).exists()


def _reply_queries(client, thread):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("reviews_comment_new", args=[thread.pk]),
            {"body": "Agreed"},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(f'<article class="thread" id="thread-{thread.pk}"')
    assert "Agreed" in page and "<html" not in page
    return len(queries), [q["sql"] for q in queries.captured_queries]


def test_a_reply_answers_with_that_thread_alone_at_a_constant_cost(client, world):
    review_round = shared_round(world)
    threads = open_threads(review_round, world.mentor, 1)
    client.force_login(world.owner)
    _reply_queries(client, threads[0])  # the first request after login also saves the session
    one, sql = _reply_queries(client, threads[0])
    assert one == REPLY_FRAGMENT_QUERIES, "\n".join(sql)
    many = open_threads(review_round, world.mentor, 12)
    count, sql = _reply_queries(client, many[-1])
    assert count == REPLY_FRAGMENT_QUERIES, "\n".join(sql)
    assert Comment.objects.filter(thread=many[-1], body="Agreed").exists()
