"""The diff page: both versions' Markdown rendered, changes marked in words, and
citations shown as the titles this reader may see."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import services
from reviews.sections import SUMMARY, criterion_key
from tests.reviews.factories import artifact, criteria_of, drafted_document, shared_round


def _second_version(world, document, bodies):
    """Version 1 shared to the mentor; version 2 with `bodies`, shared to them again."""
    first = shared_round(world, document=document)
    services.round_close(review_round=first, by=world.owner)
    document.refresh_from_db()
    services.draft_save(
        document=document, bodies=bodies, base_version=document.draft_version, by=world.owner
    )
    return shared_round(world, document=document, include_manager=True)


def test_the_diff_renders_markdown_with_changes_marked_in_words(client, world):
    document = drafted_document(world)
    services.draft_save(
        document=document,
        bodies={SUMMARY: "I led the ledger migration.\n\nIt cut latency by half."},
        base_version=document.draft_version,
        by=world.owner,
    )
    _second_version(
        world,
        document,
        {SUMMARY: "I led the ledger migration.\n\nIt cut latency by **two thirds**."},
    )
    client.force_login(world.mentor)
    page = client.get(reverse("reviews_diff", args=[document.pk])).content.decode()
    assert '<del><span class="visually-hidden">removed: </span>half.</del>' in page
    assert '<ins><span class="visually-hidden">added: </span><strong>two thirds</strong>' in page
    assert "**" not in page and "<p>I led the ledger migration.</p>" in page


def test_citations_show_titles_only_to_those_who_may_read_them(client, world):
    scope = criteria_of(world.owner)[0]
    shared = artifact(world.owner, "Ledger rewrite", tags=[(scope, "strong")])
    private = artifact(world.owner, "Secret salary spreadsheet", visibility="private")
    document = drafted_document(world)
    key = criterion_key(scope.pk)
    _second_version(
        world, document, {key: f"Built it [evidence:{shared.pk}] [evidence:{private.pk}]"}
    )
    url = reverse("reviews_diff", args=[document.pk])

    client.force_login(world.mentor)
    page = client.get(url).content.decode()
    assert "[evidence:" not in page
    assert "Ledger rewrite" in page and "Secret salary" not in page
    assert '<span class="citation private">private evidence</span>' in page
    client.force_login(world.owner)
    assert "Secret salary spreadsheet" in client.get(url).content.decode()


def test_the_diff_page_holds_its_queries_at_many_citations(client, world):
    document = drafted_document(world)
    scope = criteria_of(world.owner)[0]
    one = artifact(world.owner, "One", tags=[(scope, "strong")])
    _second_version(world, document, {SUMMARY: f"[evidence:{one.pk}]"})
    url = reverse("reviews_diff", args=[document.pk])
    client.force_login(world.mentor)
    client.get(url)
    with CaptureQueriesContext(connection) as at_one:
        client.get(url)

    many = [artifact(world.owner, f"Piece {n}", tags=[(scope, "strong")]) for n in range(20)]
    round_two = document.rounds.get(status="open")
    services.round_close(review_round=round_two, by=world.owner)
    document.refresh_from_db()
    services.draft_save(
        document=document,
        bodies={SUMMARY: " ".join(f"[evidence:{a.pk}]" for a in many)},
        base_version=document.draft_version,
        by=world.owner,
    )
    shared_round(world, document=document)
    with CaptureQueriesContext(connection) as at_many:
        page = client.get(url).content.decode()
    assert "Piece 19" in page
    assert len(at_many) == len(at_one), "\n".join(q["sql"] for q in at_many.captured_queries)
