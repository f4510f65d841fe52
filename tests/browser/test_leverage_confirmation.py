"""Leverage that counts, in a real browser: the owner's cross-team work is not shown on
their own say-so; they ask a colleague on another team, the colleague confirms that their
team adopted it, and the readiness cell turns to shown, saying so in words."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from promo.models import Attestation, Team
from tests.browser.conftest import log_in
from tests.promo.readiness.helpers import artifact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Did your team adopt the retry-budget library?"


def _leverage_evidence(owner):
    """Strong leverage evidence in each of the last three quarters; the ladder asks no
    matured impact, so confirmation is the one thing left."""
    ladder = owner.ladder
    ladder.needs_matured_impact = False
    ladder.save(update_fields=["needs_matured_impact"])
    today = date.today()
    items = [
        artifact(owner, today - timedelta(days=days), tags={"leverage": "strong"})
        for days in (200, 100, 1)
    ]
    items[-1].title = "Retry-budget library"
    items[-1].save(update_fields=["title"])
    items[-1].teams_adopted.set([Team.objects.get(name="Search")])
    return items[-1]


def test_a_colleague_on_another_team_confirms_and_the_cell_is_shown(new_page, world):
    library = _leverage_evidence(world.owner)
    owner = new_page()
    log_in(owner, world.owner)
    owner.goto(reverse("readiness"))
    cell = owner.locator("#criterion-leverage")
    expect(cell.locator(".verdict")).to_have_text("not shown · building")
    expect(cell).to_contain_text("adopted by 1 team, 0 confirmed (needs 1 other team)")
    expect(cell).to_contain_text("0 of 1 other team confirmed adoption")

    owner.goto(reverse("evidence_detail", args=[library.pk]))
    owner.get_by_role("link", name="Ask colleagues to confirm this").click()
    owner.get_by_label("Filter Colleagues to ask").fill("ezra")
    owner.keyboard.press("Enter")
    owner.keyboard.press("Space")
    owner.get_by_label("Your question").fill(QUESTION)
    owner.get_by_role("button", name="Ask them").click()
    expect(owner.get_by_text("Asked Ezra Engineer to confirm")).to_be_visible()

    asked = Attestation.objects.get(attester=world.other_engineer)
    colleague = new_page()
    log_in(colleague, world.other_engineer)
    colleague.goto(reverse("attestation_answer", args=[asked.pk]))
    expect(colleague.get_by_text(QUESTION)).to_be_visible()
    colleague.get_by_label("Yes, I confirm it").check()
    colleague.get_by_label("In your own words (optional)").fill("We dropped our own retries.")
    colleague.get_by_label("My team adopted it").check()
    colleague.get_by_role("button", name="Send my answer").click()
    expect(colleague.get_by_text("Thank you")).to_be_visible()

    owner.goto(reverse("readiness"))
    expect(cell.locator(".verdict")).to_have_text("shown")
    expect(cell).to_contain_text("adopted by 1 team, 1 confirmed (needs 1 other team)")
