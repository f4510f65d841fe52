"""The pages this work changed, in a real browser: a comment opens beside the passage it
quotes (by mouse, by keyboard, and without JavaScript), the quoted passage is highlighted,
and the rendered diff; each checked with axe, at 375 px and (through `new_page`) for
console errors."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews import services
from reviews.sections import SUMMARY
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.journeys.steps import focused_text_is, tab_to
from tests.browser.test_every_page import OVERFLOW
from tests.reviews.factories import drafted_document, shared_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY_TEXT = "I led the ledger migration. It cut p99 latency by half for three teams."

SELECT_IN_SUMMARY = """(words) => {
  const body = document.querySelector('[data-section-key="summary"] .doc-body p');
  const text = body.firstChild;
  const start = text.textContent.indexOf(words);
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, start + words.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  body.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
}"""


def _round(world):
    document = drafted_document(world)
    services.draft_save(
        document=document, bodies={SUMMARY: SUMMARY_TEXT}, base_version=1, by=world.owner
    )
    return shared_round(world, document=document)


def _fits_a_phone(page):
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate(OVERFLOW) <= 0, f"{page.url} scrolls sideways at 375 px"


def test_selecting_a_passage_opens_the_comment_beside_it_and_highlights_it(new_page, world):
    review_round = _round(world)
    page = new_page()
    log_in(page, world.mentor)
    page.goto(reverse("reviews_round", args=[review_round.pk]))

    page.evaluate(SELECT_IN_SUMMARY, "cut p99 latency")
    composer = page.locator('[data-section-key="summary"] #new-thread')
    composer.wait_for()
    assert page.get_by_label("Passage").input_value() == "cut p99 latency"
    assert page.get_by_label("Comment on").input_value() == "passage"
    assert_accessible(page)
    composer.get_by_role("textbox", name="Comment").fill("By how much in ms?")
    composer.get_by_role("button", name="Comment", exact=True).click()

    thread = page.locator('[data-section-key="summary"] article.thread', has_text="in ms?")
    thread.wait_for()
    mark = page.locator('[data-section-key="summary"] .doc-body mark.quoted')
    assert mark.inner_text() == "cut p99 latency"
    assert_accessible(page)
    _fits_a_phone(page)


def test_comment_on_a_section_from_the_keyboard(new_page, world):
    review_round = _round(world)
    page = new_page()
    log_in(page, world.mentor)
    page.goto(reverse("reviews_round", args=[review_round.pk]))
    tab_to(page, focused_text_is("Comment on this section"), limit=60)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_body"
    assert page.locator('[data-section-key="summary"] #new-thread').count() == 1
    page.keyboard.type("The summary needs a headline number.")
    tab_to(page, focused_text_is("Comment"), limit=3)
    page.keyboard.press("Enter")
    page.locator(
        '[data-section-key="summary"] article.thread', has_text="headline number"
    ).wait_for()


def test_comment_on_a_section_without_javascript(new_page, world):
    review_round = _round(world)
    page = new_page(javascript=False)
    log_in(page, world.mentor)
    page.goto(reverse("reviews_round", args=[review_round.pk]))
    page.locator('[data-section-key="summary"]').get_by_role(
        "link", name="Comment on this section"
    ).click()
    expect(page.get_by_label("Section")).to_have_value(SUMMARY)
    page.get_by_role("textbox", name="Comment").fill("Numbers, please.")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.locator('[data-section-key="summary"] article.thread', has_text="Numbers").wait_for()


def test_the_rendered_diff_is_accessible_and_fits_a_phone(new_page, world):
    first = _round(world)
    document = first.document
    services.round_close(review_round=first, by=world.owner)
    document.refresh_from_db()
    services.draft_save(
        document=document,
        bodies={SUMMARY: SUMMARY_TEXT.replace("by half", "by **two thirds**")},
        base_version=document.draft_version,
        by=world.owner,
    )
    shared_round(world, document=document)
    page = new_page(width=375, height=800)
    log_in(page, world.mentor)
    page.goto(reverse("reviews_diff", args=[document.pk]))
    assert page.locator(".version-diff ins strong").inner_text() == "two thirds"
    assert "removed:" in page.locator(".version-diff del").first.inner_text()
    assert_accessible(page)
    assert page.evaluate(OVERFLOW) <= 0
