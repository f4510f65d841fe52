"""Choosing teams and collaborators without ctrl-click: a filter box over checkboxes
that works from the keyboard, and plain checkboxes without JavaScript."""

import pytest
from django.urls import reverse

from evidence.models import Artifact
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.test_every_page import OVERFLOW
from tests.factories import TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_collaborator_is_found_and_chosen_from_the_keyboard(new_page, world):
    for name in ("Ledger", "Risk", "Growth", "Platform"):
        TeamFactory(name=name)
    page = new_page(width=375, height=800)
    log_in(page, world.owner)
    page.goto(reverse("evidence_new"))
    assert_accessible(page)
    assert page.evaluate(OVERFLOW) <= 0

    page.get_by_label("Title").fill("Retry budget library")
    page.get_by_label("Filter Collaborators").fill("pia")
    collaborators = page.locator("fieldset", has_text="Collaborators")
    visible = collaborators.locator("div.picker > div:visible")
    assert visible.count() == 1 and "Pia Principal" in visible.inner_text()
    page.keyboard.press("Enter")  # to the first match, not a submit
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    assert "Chosen: Pia Principal." in collaborators.locator(".picker-status").inner_text()

    page.get_by_label("Filter Teams touched").fill("ledg")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert_accessible(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/evidence/*/")
    artifact = Artifact.objects.get(title="Retry budget library")
    assert [p.pk for p in artifact.collaborators.all()] == [world.mentor.pk]
    assert [t.name for t in artifact.teams_touched.all()] == ["Ledger"]


def test_without_javascript_the_choices_are_plain_checkboxes(new_page, world):
    page = new_page(javascript=False)
    log_in(page, world.owner)
    page.goto(reverse("evidence_new"))
    assert page.locator(".picker-filter").count() == 0
    page.get_by_label("Title").fill("On-call handbook")
    page.locator("fieldset", has_text="Collaborators").get_by_label("Pia Principal").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/evidence/*/")
    artifact = Artifact.objects.get(title="On-call handbook")
    assert [p.pk for p in artifact.collaborators.all()] == [world.mentor.pk]
