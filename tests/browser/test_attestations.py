"""Peer attestation in a real browser: the owner asks a colleague from the picker, the
colleague follows their notification to the answer page and confirms, and the owner sees
the confirmation on the artifact."""

import pytest
from django.urls import reverse

from promo.models import NudgeClaim
from promo.nudges.delivery import deliver_claim
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.evidence.factories import saved_artifact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Did the retry-budget library save your team time?"


def test_a_colleague_confirms_an_artifact_they_were_asked_about(new_page, world):
    artifact = saved_artifact(
        world.owner, title="Retry-budget library", impact="Three teams dropped their own."
    )
    owner = new_page()
    log_in(owner, world.owner)
    owner.goto(reverse("evidence_detail", args=[artifact.pk]))
    owner.get_by_role("link", name="Ask colleagues to confirm this").click()
    owner.get_by_role("heading", name="Ask colleagues to confirm", level=1).wait_for()
    assert_accessible(owner)
    owner.get_by_label("Filter Colleagues to ask").fill("ezra")
    owner.keyboard.press("Enter")
    owner.keyboard.press("Space")
    owner.get_by_label("Your question").fill(QUESTION)
    owner.get_by_role("button", name="Ask them").click()
    owner.get_by_text("Asked Ezra Engineer to confirm").wait_for()

    # What the worker does after the commit, here in this process.
    for claim in NudgeClaim.objects.filter(kind="attestation_requested"):
        deliver_claim(claim.pk)

    colleague = new_page()
    log_in(colleague, world.other_engineer)
    colleague.goto(reverse("notifications"))
    colleague.locator(".notification-title", has_text="asks you to confirm their work").click()
    colleague.get_by_text(QUESTION).wait_for()
    assert_accessible(colleague)
    colleague.get_by_label("Yes, I confirm it").check()
    colleague.get_by_label("In your own words (optional)").fill("We deleted our own retry code.")
    colleague.get_by_label("My team adopted it").check()
    colleague.get_by_role("button", name="Send my answer").click()
    colleague.get_by_text("Thank you").wait_for()

    owner.reload()
    owner.get_by_text("Confirmed by Ezra Engineer, Search").wait_for()
    owner.get_by_text("We deleted our own retry code.").wait_for()
