"""Pages hold a constant number of queries however many threads, rounds or comments."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promo.models import Gap
from reviews import services
from reviews.anchors import Anchor
from reviews.sections import SUMMARY
from tests.page_queries import drawn_and_cached
from tests.reviews.factories import open_threads, shared_round


def _queries(client, url):
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_round_page_queries_do_not_grow_with_threads(client, world):
    review_round = shared_round(world)
    open_threads(review_round, world.mentor, 1)
    client.force_login(world.mentor)
    url = reverse("reviews_round", args=[review_round.pk])
    client.get(reverse("home"))  # warm the session
    one = drawn_and_cached(client, url)
    for thread in open_threads(review_round, world.mentor, 49):
        services.comment_add(thread=thread, by=world.owner, body="Reply @pia")
    fifty = drawn_and_cached(client, url)
    assert fifty == one
    if connection.vendor == "postgresql":
        # Session, user, the round, its members now, the audit entry, how the reader
        # stands to the engineer (chain and mentor in one statement: what they may see of
        # the cited evidence and do with the case both follow), the cited artifacts, the
        # navigation's roles, the body's version.
        assert one[1] == 9, one
    page = client.get(url).content.decode()
    assert page.count('<article class="thread') == 50


def test_the_shared_list_and_document_pages_hold_at_many_rounds(
    client, world, django_assert_num_queries
):
    review_round = shared_round(world)
    client.force_login(world.mentor)
    document_id = review_round.document_id
    pages = [reverse("reviews_shared"), reverse("reviews_document", args=[document_id])]
    counts = [_queries(client, url) for url in pages]
    for _ in range(5):
        services.round_close(review_round=review_round, by=world.owner)
        review_round = shared_round(world, document=review_round.document, include_manager=True)
        open_threads(review_round, world.mentor, 3)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            client.get(url)


def test_the_round_page_holds_with_quoted_passages_and_gaps(client, world):
    """Highlights and the gap links are worked out from what the page already loaded."""
    review_round = shared_round(world)
    document = review_round.document
    criterion = document.candidacy.ladder.criteria.first()
    summary = review_round.version.bodies[SUMMARY]
    quote = summary.split("\n")[0][:20]

    def passage_thread():
        return services.thread_open(
            review_round=review_round,
            by=world.mentor,
            anchor=Anchor("passage", SUMMARY, quote=quote),
            body="Which?",
        )

    def gap(n):
        return Gap.objects.create(candidacy=document.candidacy, criterion=criterion, text=f"G{n}")

    passage_thread().gaps.add(gap(0))
    client.force_login(world.mentor)
    url = reverse("reviews_round", args=[review_round.pk])
    one = _queries(client, url)
    for n in range(1, 20):
        passage_thread().gaps.add(gap(n))
    assert _queries(client, url) == one
    assert client.get(url).content.decode().count('<mark class="quoted">') == 20
