"""Journeys 2 to 4, the review cycle, each told from where the last one ended:
(2) the engineer auto-drafts the promo doc, edits it and shares it with their mentor;
(3) the mentor is told it was shared with them, follows the notification to the draft,
comments on a section, replies in a thread and gives verdicts;
(4) the engineer resolves the threads and shares version 2; the manager records the
committee's "not yet" and the case is prepared again for resubmission.

The editor and the threads enhance with htmx but are plain forms underneath, so every
journey here also runs with JavaScript off."""

import pytest
from playwright.sync_api import expect

from promo.models import Candidacy, NudgeClaim
from promo.nudges.kinds import review_requested
from promo.nudges.tasks import deliver
from reviews import services
from reviews.anchors import Anchor
from reviews.sections import SUMMARY
from tests.browser.conftest import log_in
from tests.reviews.factories import artifact, candidacy_for, criteria_of, shared_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def _evidence_for_every_criterion(person):
    for criterion in criteria_of(person):
        artifact(person, f"Led the {criterion.name.lower()} work", tags=[(criterion, "strong")])


@JAVASCRIPT
def test_2_the_engineer_drafts_edits_and_shares_the_promo_doc(new_page, world, javascript):
    candidacy_for(world.owner, mentors=[world.mentor])
    _evidence_for_every_criterion(world.owner)
    page = new_page(javascript=javascript)
    log_in(page, world.owner)

    page.get_by_role("link", name="Promo doc").click()
    page.get_by_role("button", name="Draft my promo doc").click()
    page.get_by_role("heading", name="Edit your promo doc").wait_for()
    summary = page.get_by_label("Summary", exact=True)
    assert "[evidence:" in page.locator("textarea").nth(1).input_value()  # claims cite evidence
    summary.fill("I led the ledger migration. It cut checkout latency by half.")
    page.locator("#main").get_by_role("button", name="Save draft").click()
    page.get_by_role("heading", name="Edit your promo doc").wait_for()
    assert "cut checkout latency" in page.get_by_label("Summary", exact=True).input_value()

    page.get_by_role("link", name="Rounds and versions").click()
    page.get_by_role("link", name="Share for review").click()
    page.get_by_label(str(world.mentor)).check()
    page.get_by_role("button", name="Share this version").click()
    page.get_by_role("heading", name="version 1 in review").wait_for()
    expect(page.get_by_text("cut checkout latency by half")).to_be_visible()


@JAVASCRIPT
def test_3_the_mentor_comments_replies_and_gives_verdicts(new_page, world, javascript):
    review_round = shared_round(world)
    # What the worker does as soon as the share commits (tests/nudges/test_worker.py runs
    # the real one): the "shared with you" nudge becomes an in-app notification.
    deliver(list(NudgeClaim.objects.filter(kind=review_requested.KEY).values_list("pk", flat=True)))
    page = new_page(javascript=javascript)
    log_in(page, world.mentor)

    # The mentor sees the unread badge (htmx fills it in; without JavaScript the link is
    # still there) and follows the notification from the centre to the draft.
    badge = page.locator("#notification-badge")
    if javascript:
        badge.locator(".count", has_text="1").wait_for()
    badge.click()
    shared = f"{world.owner} shared their promo doc with you"
    # An unread notification is one button: following it marks it read.
    page.get_by_role("button", name=f"New {shared}").click()
    page.get_by_role("heading", name=f"{world.owner}: version 1 in review").wait_for()

    page.get_by_label("Comment on").select_option(label="The whole section")
    page.get_by_label("Section").select_option(label="Summary")
    page.get_by_role("textbox", name="Comment").fill("Which numbers show the impact, @olive?")
    page.get_by_role("button", name="Comment", exact=True).click()
    thread = page.locator("article.thread", has_text="Which numbers show the impact")
    thread.wait_for()

    # The engineer answers in the thread; the mentor replies to that.
    services.comment_add(thread=review_round.threads.get(), by=world.owner, body="p99 halved.")
    page.reload()
    thread.get_by_role("link", name="Reply").click()
    thread.get_by_label("Reply").fill("Put that in the summary, please.")
    thread.get_by_role("button", name="Reply").click()
    thread.get_by_text("Put that in the summary, please.").wait_for()

    verdicts = page.locator("#verdicts form")
    for criterion in criteria_of(world.owner):
        row = verdicts.locator("fieldset", has_text=criterion.name)
        row.get_by_label("Verdict").select_option(label="Next level")
    first = criteria_of(world.owner)[0]
    first_row = verdicts.locator("fieldset", has_text=first.name)
    first_row.get_by_label("Verdict").select_option(label="Not yet")
    first_row.get_by_label("Note").fill("Scope is one team only.")
    page.get_by_role("button", name="Save verdicts").click()
    page.locator("#verdicts td", has_text="Scope is one team only.").wait_for()


@JAVASCRIPT
def test_4_threads_resolved_version_2_not_yet_and_resubmission(new_page, world, javascript):
    review_round = shared_round(world)
    services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("section", SUMMARY),
        body="Which numbers show the impact?",
    )
    services.round_give_feedback(review_round=review_round, by=world.mentor)
    candidacy = Candidacy.objects.get(person=world.owner)
    page = new_page(javascript=javascript)
    log_in(page, world.owner)

    # The engineer resolves the thread and closes the round...
    page.goto(f"/reviews/rounds/{review_round.pk}/")
    thread = page.locator("article.thread", has_text="Which numbers show the impact?")
    thread.get_by_role("button", name="Resolve").click()
    thread = page.locator("article.thread.resolved")
    thread.wait_for()
    if javascript:
        page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close round").click()
    page.locator(".badge", has_text="Closed").first.wait_for()

    # ...edits the draft and shares version 2.
    page.goto(f"/reviews/{review_round.document.pk}/edit/")
    page.get_by_label("Summary", exact=True).fill("Checkout p99 fell from 420 ms to 200 ms.")
    page.locator("#main").get_by_role("button", name="Save draft").click()
    page.get_by_role("link", name="Rounds and versions").click()
    page.get_by_role("link", name="Share for review").click()
    page.get_by_label(str(world.mentor)).check()
    page.get_by_role("button", name="Share this version").click()
    page.get_by_role("heading", name="version 2 in review").wait_for()
    page.get_by_role("link", name="What changed").click()
    expect(page.locator("ins", has_text="420 ms").first).to_be_visible()

    # The manager records the submission and the committee's "not yet".
    manager = new_page(javascript=javascript)
    log_in(manager, world.manager)
    manager.get_by_role("link", name="My team").click()
    manager.get_by_role("link", name=str(world.owner)).click()
    manager.get_by_role("link", name=f"Open the case of {world.owner}").click()
    manager.get_by_role("button", name="Record the submission").click()
    manager.get_by_label("Not yet").check()
    manager.get_by_label("The committee's feedback").fill("Show scope beyond one team.")
    manager.get_by_role("button", name="Record the decision").click()
    manager.get_by_role("heading", name="Not yet").wait_for()

    # The engineer prepares the case again.
    page.get_by_role("link", name="My case").click()
    page.get_by_role("button", name="Prepare to resubmit").click()
    page.get_by_role("heading", name="Submit to committee").wait_for(state="detached")
    candidacy.refresh_from_db()
    assert candidacy.status == "preparing" and candidacy.submissions.count() == 1
