"""Journey 7: an engineer with a backlog of impact check-ins starts at home, follows the
step to the check-ins, and in one save answers one, snoozes one and closes an old one as
unmeasurable; then follows a notification, which is read once opened. No URL is typed
after logging in. The pages it passes are checked with axe and at 375 px."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from promo.models import ImpactCheckIn, Notification
from promo.readiness.checkins.services import checkins_plan_for
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.promo.readiness.helpers import artifact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
LONG_WORD = "x" * 200


def backlog(owner):
    """Two check-ins due lately (one artifact), and one long overdue."""
    today = timezone.localdate()
    recent = artifact(owner, today - timedelta(days=95), shipped_on=today - timedelta(days=92))
    recent.title = "Retry budget library"
    recent.save(update_fields=["title"])
    old = artifact(owner, today - timedelta(days=200), shipped_on=today - timedelta(days=200))
    old.title = LONG_WORD  # a 200-character word: no page may scroll sideways for it
    old.save(update_fields=["title"])
    for item in (recent, old):
        checkins_plan_for(item)
    # The 30-day one of the recent artifact was answered long ago; its 90-day one is due.
    ImpactCheckIn.objects.filter(artifact=recent, offset_days=30).update(
        recorded_at=timezone.now(), outcome="Adopted by two teams"
    )
    ImpactCheckIn.objects.filter(artifact=old, offset_days=90).update(
        recorded_at=timezone.now(), outcome="Done"
    )
    return recent, old


def fits_a_phone(page, javascript=True):
    if not javascript:  # axe and the width check run scripts, which this page may not
        return
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate(OVERFLOW) <= 0, f"{page.url} scrolls sideways at 375 px"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_engineer_clears_the_backlog_from_home(new_page, world, javascript):
    recent, old = backlog(world.owner)
    Notification.objects.create(
        recipient=world.owner,
        kind="checkin_due",
        title="What happened after it shipped?",
        body=f"“{LONG_WORD}” shipped 30 days ago.",
        url=reverse("checkins_due"),
    )
    page = new_page(javascript=javascript)
    log_in(page, world.owner)

    # Home says what to do now, with counts; the check-ins step leads to the backlog.
    steps = page.get_by_role("region", name="To do now")
    fits_a_phone(page, javascript)
    steps.get_by_role("link", name="Answer the check-ins due").click()
    page.get_by_role("heading", name="Impact check-ins", level=1).wait_for()
    group = page.get_by_role("group", name="Retry budget library")
    expect(group).to_be_visible()
    page.get_by_text("1 older check-in still open").click()  # unfold the old ones
    fits_a_phone(page, javascript)

    # One save: answer the recent one, close the old one as unmeasurable.
    group.get_by_label("What happened").fill("Retries fell by 60%; two teams adopted it.")
    group.get_by_label("Metric after").fill("0.4% retried")
    old_group = page.get_by_role("group", name=LONG_WORD)
    old_group.get_by_text("Can't answer it now?").click()
    old_group.get_by_label("Impact can't be measured, because").fill(
        "Merged into the platform rewrite; no metric of its own."
    )
    page.get_by_role("button", name="Save check-ins").click()
    page.get_by_text("Check-ins saved: 1 answered, 1 closed as unmeasurable.").wait_for()
    expect(page.get_by_text("Nothing is due.")).to_be_visible()
    statuses = {
        c.artifact_id: c.status
        for c in ImpactCheckIn.objects.filter(artifact__in=[recent, old], offset_days__gt=30)
        .exclude(offset_days=90, artifact=old)
        .select_related("artifact")
    }
    assert statuses[recent.pk] == ImpactCheckIn.Status.RECORDED
    assert ImpactCheckIn.objects.get(artifact=old, offset_days=30).is_unmeasurable

    # Back home, nothing about check-ins is left; the notification opens and is read.
    page.get_by_role("link", name="Home").first.click()
    page.get_by_role("heading", name=f"Hello, {world.owner.get_short_name()}").wait_for()
    assert page.get_by_role("link", name="Answer the check-ins due").count() == 0
    page.get_by_role("link", name="Notifications").first.click()
    # A click does not wait for the next page; measure it only once it is there.
    page.get_by_role("heading", name="Notifications", level=1).wait_for()
    fits_a_phone(page, javascript)
    page.get_by_role("button", name="New What happened after it shipped?").click()
    page.wait_for_url(f"**{reverse('checkins_due')}")
    assert Notification.objects.get(recipient=world.owner).read_at is not None


def test_a_refused_save_keeps_everything_typed(new_page, world):
    recent, old = backlog(world.owner)
    page = new_page()
    log_in(page, world.owner)
    page.get_by_role("link", name="Answer the check-ins due").click()
    group = page.get_by_role("group", name="Retry budget library")
    group.get_by_label("What happened").fill("Retries fell by 60%.")
    group.get_by_text("Can't answer it now?").click()
    group.get_by_label("Snooze until").fill((timezone.localdate() + timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Save check-ins").click()
    page.get_by_text("Choose one: write what happened, snooze it").wait_for()
    assert group.get_by_label("What happened").input_value() == "Retries fell by 60%."
    assert not ImpactCheckIn.objects.filter(artifact=recent, offset_days=90).recorded().exists()
