"""A promotion cycle in a real browser: staff open it and name the committee, the manager
nominates, the conflicted member is shown they may not vote, a member votes and decides
"not yet" with feedback, staff release, and the feedback is a gap on the candidate's case.
A second cycle then approves the case."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from promo.candidacies.services import candidacy_resubmit, gap_close
from promo.models import Candidacy, Cycle, Nomination
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.committees.helpers import a_cycle, in_review
from tests.factories import candidacy_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEEDBACK = "Impact is too recent to judge: answer the 90-day check-in."


def _staff_open_the_cycle(page, world):
    log_in(page, world.staff)
    page.goto(reverse("staff_cycles"))
    page.get_by_label("Name").fill("Spring cycle")
    page.get_by_label("Nomination deadline").fill("2099-03-01")
    page.get_by_label("Committee meets from").fill("2099-03-10")
    page.get_by_label("until").fill("2099-03-12")
    page.get_by_label(re.compile(r"L6 Senior")).check()
    page.get_by_role("button", name="Open the cycle as a draft").click()
    expect(page.get_by_text("is open as a draft")).to_be_visible()
    page.get_by_label("Members").select_option(
        label=[str(world.committee_member), str(world.mentor)]
    )
    page.get_by_role("button", name="Save the L6 committee").click()
    expect(page.get_by_text("Saved the L6 committee.")).to_be_visible()
    page.get_by_role("button", name="Open nominations").click()
    expect(page.get_by_text("nominations open", exact=False).first).to_be_visible()
    return Cycle.objects.get(name="Spring cycle")


def _manager_nominates(page, world, cycle):
    log_in(page, world.manager)
    page.goto(reverse("cycle_detail", args=[cycle.pk]))
    page.get_by_label("Engineer").select_option(label="Olive Owner for L6")
    page.get_by_label("Your endorsement").fill("Olive led the ledger migration.")
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_text("The packet is frozen")).to_be_visible()
    return Nomination.objects.get(cycle=cycle)


def _conflicted_member_is_refused(page, world, nomination):
    log_in(page, world.mentor)
    page.goto(reverse("committee_grid", args=[nomination.committee_id]))
    expect(page.get_by_text("You are their mentor: you present, you don't vote")).to_be_visible()
    page.goto(reverse("nomination_detail", args=[nomination.pk]))
    expect(page.get_by_text("You are their mentor: you may present this case")).to_be_visible()
    expect(page.get_by_role("button", name="Record my vote")).to_have_count(0)


def _member_votes_and_decides(page, world, nomination, *, decision):
    log_in(page, world.committee_member)
    page.goto(reverse("committee_grid", args=[nomination.committee_id]))
    assert_accessible(page)
    page.get_by_role("link", name="Olive Owner").click()  # the packet opens beside the grid
    expect(page.locator("#packet-panel").get_by_text("Packet of Olive Owner")).to_be_visible()
    page.goto(reverse("nomination_detail", args=[nomination.pk]))
    value = "meets" if decision == "promote" else "not_yet"
    vote = page.locator("form", has=page.get_by_role("button", name="Record my vote"))
    for radio in vote.locator(f"input[type=radio][value={value}]").all():
        radio.check()
    vote.locator(f"input[name=overall][value={decision}]").check()
    vote.get_by_role("button", name="Record my vote").click()
    expect(page.get_by_text("Your vote is in.")).to_be_visible()
    page.locator(f"input[name=decision][value={decision}]").check()
    if decision == "not_yet":
        page.get_by_label("Feedback on Delivery and measured impact").fill(FEEDBACK)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Recorded the decision.")).to_be_visible()


def _staff_release(page, world, cycle):
    log_in(page, world.staff)
    page.goto(reverse("staff_cycle", args=[cycle.pk]))
    if page.get_by_label("I read the calibration checks; release anyway.").count():
        page.get_by_label("I read the calibration checks; release anyway.").check()
    page.get_by_role("button", name="Release the decisions").click()
    expect(page.get_by_text(f"Released the decisions of {cycle.name}.")).to_be_visible()


def test_a_whole_cycle_then_a_second_that_approves(new_page, world):
    candidacy = candidacy_for(world.owner)
    staff, manager, mentor, member, owner = (new_page() for _ in range(5))
    for page in (staff, manager, mentor, member, owner):
        page.set_default_timeout(30_000)  # five sessions through a whole cycle
    cycle = _staff_open_the_cycle(staff, world)
    nomination = _manager_nominates(manager, world, cycle)
    staff.get_by_role("button", name="Close nominations and start the review").click()
    expect(staff.get_by_text("now: in review")).to_be_visible()
    _conflicted_member_is_refused(mentor, world, nomination)
    _member_votes_and_decides(member, world, nomination, decision="not_yet")
    _staff_release(staff, world, cycle)

    log_in(owner, world.owner)
    owner.goto(reverse("candidacy_detail", args=[candidacy.pk]))
    expect(owner.locator("#gaps").get_by_text(FEEDBACK)).to_be_visible()
    owner.goto(reverse("candidacy_cycles", args=[candidacy.pk]))
    expect(owner.get_by_text("Decision: Not yet")).to_be_visible()
    assert_accessible(owner)

    candidacy = Candidacy.objects.get(pk=candidacy.pk)
    candidacy_resubmit(candidacy=candidacy, by=world.owner)
    gap_close(gap=candidacy.gaps.get(), by=world.owner, note="The check-in matured.")
    autumn = a_cycle(world.staff, name="Autumn cycle", members=[world.committee_member])
    second = _manager_nominates(manager, world, autumn)
    in_review(autumn, world.staff)
    _member_votes_and_decides(member, world, second, decision="promote")
    _staff_release(staff, world, autumn)
    owner.goto(reverse("candidacy_cycles", args=[candidacy.pk]))
    expect(owner.get_by_text("Decision: Promote")).to_be_visible()
    expect(owner.get_by_text("The check-in matured.").first).to_be_visible()
