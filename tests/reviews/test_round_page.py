"""The round page: quoted passages highlighted in the text, and a thread started from
the section it is about."""

from django.urls import reverse

from reviews import services
from reviews.anchors import Anchor
from reviews.highlights import with_highlights
from reviews.marks import QUOTE_CLOSE, QUOTE_OPEN
from reviews.sections import SUMMARY
from tests.reviews.factories import drafted_document, shared_round


def _round_with_summary(world, text):
    document = drafted_document(world)
    services.draft_save(document=document, bodies={SUMMARY: text}, base_version=1, by=world.owner)
    return shared_round(world, document=document)


def test_the_passage_a_thread_quotes_is_highlighted_in_the_text(client, world):
    review_round = _round_with_summary(world, "I led the **ledger migration**; it cut latency.")
    services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("passage", SUMMARY, quote="cut latency"),
        body="By how much?",
    )
    client.force_login(world.owner)
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content.decode()
    assert '<mark class="quoted">cut latency</mark>' in page
    assert "<strong>ledger migration</strong>" in page


def test_a_highlight_never_cuts_a_citation_and_text_cannot_forge_one():
    body = "see [evidence:7] now"
    marked = with_highlights(body, [(6, 9)])
    assert marked == f"see {QUOTE_OPEN}[evidence:7]{QUOTE_CLOSE} now"
    assert with_highlights(f"a{QUOTE_OPEN}b", []) == "ab"
    assert with_highlights("short", [(2, 99)]) == "short", "a span past the end is left out"


def test_comment_on_this_section_works_without_javascript(client, world):
    review_round = shared_round(world)
    key = review_round.version.sections[1]["key"]
    url = reverse("reviews_round", args=[review_round.pk])
    client.force_login(world.mentor)
    page = client.get(url).content.decode()
    assert f'href="?section={key}#new-thread"' in page
    form = client.get(url, {"section": key}).content.decode()
    assert f'<option value="{key}" selected>' in form
    assert '<option value="section" selected>' in form
    unknown = client.get(url, {"section": "nope"}).content.decode()
    form = unknown.split('id="new-thread"')[1].split("</form>")[0]
    assert f'<option value="{key}" selected>' not in form
