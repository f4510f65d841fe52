"""The pages a first week meets: home with its next steps, the profile, the staff people
page with invitations, and the invitation link. Each is checked with axe, at 375 px with
a 200-character word in the fields people type, and (through `new_page`) for console
errors; the invited person follows the link to choose a password."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from promo.accounts.invitations import invitation_send, invitation_token
from promo.dashboards.models import ReadinessSnapshot, ReadinessStatus
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
LONG_WORD = "y" * 200


def check(page, url):
    response = page.goto(url)
    assert response.status < 400, f"{url}: HTTP {response.status}"
    assert_accessible(page)
    assert page.evaluate(OVERFLOW) <= 0, f"{url} scrolls sideways at 375 px"


def newcomer():
    person = UserFactory(display_name=LONG_WORD[:120], email="nia@example.com")
    person.set_unusable_password()
    person.save(update_fields=["password"])
    return person


def test_the_new_pages_are_accessible_and_fit_a_phone(new_page, world):
    ReadinessSnapshot.objects.create(person=world.owner, status=ReadinessStatus.CLOSE)
    invitation_send(person=newcomer(), by=world.staff)
    manager = new_page(width=375, height=800)
    log_in(manager, world.manager)
    check(manager, reverse("home"))
    expect(manager.get_by_role("link", name="1 Report close to ready")).to_be_visible()
    check(manager, reverse("profile"))
    staff = new_page(width=375, height=800)
    log_in(staff, world.staff)
    check(staff, reverse("staff_people"))
    expect(staff.get_by_text("Sent", exact=True)).to_be_visible()


def test_the_invited_person_chooses_a_password_and_is_signed_in(new_page, world):
    person = newcomer()
    token = invitation_token(invitation_send(person=person, by=world.staff))
    page = new_page(width=375, height=800)
    check(page, reverse("invitation_accept", args=[token]))
    page.get_by_label("New password:", exact=True).fill("a-long-fresh-pass-2026")
    page.get_by_label("New password confirmation:").fill("a-long-fresh-pass-2026")
    page.get_by_role("button", name="Set password and sign in").click()
    page.get_by_text("Welcome to promo: your password is set.").wait_for()
    page.get_by_role("region", name="To do now").wait_for()
    # The header's name leads to the profile, where the time zone is chosen.
    page.locator("header").get_by_role("link", name=person.display_name).click()
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Saved your profile.").wait_for()
    person.refresh_from_db()
    assert person.time_zone == "Europe/Berlin"
