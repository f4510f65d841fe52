"""The "clerical error" test in a real browser: the engineer asks three senior colleagues
from the picker, each follows their notification and answers, and the engineer sees the
aggregate, without a name, on their readiness page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from promo.models import NudgeClaim
from promo.nudges.delivery import deliver_claim
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Does Olive Owner operate at L6 Senior Software Engineer today?"


def answer_from_the_notification(new_page, person, choice, sentence):
    page = new_page()
    log_in(page, person)
    page.goto(reverse("notifications"))
    page.locator(".notification-title", has_text="Does Olive Owner operate at L6").click()
    expect(page.get_by_role("heading", name=QUESTION)).to_be_visible()
    assert_accessible(page)
    page.get_by_label(choice, exact=True).check()
    page.get_by_label("One sentence (optional)").fill(sentence)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you: your answer counts")).to_be_visible()
    expect(page.get_by_role("button", name="Change my answer")).to_be_visible()


@pytest.mark.slow(seconds=20)
def test_the_engineer_asks_seniors_who_answer_and_the_aggregate_appears(new_page, world):
    owner = new_page()
    log_in(owner, world.owner)
    owner.goto(reverse("readiness"))
    owner.get_by_role("link", name="Ask senior colleagues").click()
    owner.get_by_role("heading", name="Ask senior colleagues about you", level=1).wait_for()
    assert_accessible(owner)
    owner.get_by_label("Pia Principal").check()
    owner.get_by_label("Uma Unassigned").check()
    owner.get_by_role("button", name="Ask them").click()
    expect(owner.get_by_text("Choose between 3 and 7 colleagues; you chose 2.")).to_be_visible()
    expect(owner.get_by_label("Pia Principal")).to_be_checked()
    owner.get_by_label("Otto Othermanager").check()
    owner.get_by_role("button", name="Ask them").click()
    expect(owner.get_by_text("Asked 3 senior colleagues")).to_be_visible()
    expect(owner.get_by_text("0 of 3 answered")).to_be_visible()

    # What the worker does after the commit, here in this process.
    for claim in NudgeClaim.objects.filter(kind="pulse_requested"):
        deliver_claim(claim.pk)

    answer_from_the_notification(new_page, world.mentor, "Yes", "Leads the payments design.")
    answer_from_the_notification(new_page, world.unassigned_mentor, "Not yet", "")
    owner.reload()
    expect(owner.get_by_text("2 of 3 answered")).to_be_visible()
    expect(owner.get_by_text("Leads the payments design.")).to_have_count(0)

    answer_from_the_notification(new_page, world.other_manager, "Yes", "Already does.")
    owner.reload()
    panel = owner.locator("#pulse")
    expect(panel.get_by_text("3 of 3 answered")).to_be_visible()
    expect(panel.locator(".pulse-counts li", has_text="Yes")).to_have_text("Yes: 2")
    expect(panel.locator(".pulse-counts li", has_text="Not yet")).to_have_text("Not yet: 1")
    expect(panel.get_by_text("Leads the payments design.")).to_be_visible()
    for name in ("Pia Principal", "Uma Unassigned", "Otto Othermanager"):
        expect(owner.get_by_text(name)).to_have_count(0)
    assert_accessible(owner)
