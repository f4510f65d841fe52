import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.factories import candidacy_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_gap(page, text):
    page.get_by_role("combobox", name="Criterion").select_option(label="Long-term vision")
    page.get_by_label("What is missing").fill(text)
    page.get_by_role("button", name="Add the gap").click()


def test_a_mentor_adds_and_closes_a_gap_in_place(page, world):
    candidacy = candidacy_for(world.owner)
    log_in(page, world.mentor)
    page.goto(f"/candidacies/{candidacy.pk}/")
    page.evaluate("window.notReloaded = true")
    _add_gap(page, "Write the two-year vision")
    page.get_by_text("Write the two-year vision").wait_for()
    page.get_by_label("How it was closed").fill("Published it")
    page.get_by_role("button", name="Close the gap").click()
    page.get_by_text("1 closed gap").wait_for()
    screenshot(page, "candidacy-mentor")
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the section only


def test_adding_a_gap_works_without_javascript(new_page, world):
    page = new_page(javascript=False)
    candidacy_for(world.owner)
    log_in(page, world.owner)
    page.goto("/case/")
    _add_gap(page, "Lead a cross-team design")
    page.wait_for_url("**/case/")
    expect(page.get_by_text("Lead a cross-team design", exact=True)).to_be_visible()
