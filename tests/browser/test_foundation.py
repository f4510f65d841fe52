import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_logs_in_and_out(page, world):
    page.goto("/")
    assert "/accounts/login/" in page.url
    log_in(page, world.owner)
    expect(page.get_by_role("heading", name="Hello, Olive")).to_be_visible()
    screenshot(page, "home")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def test_a_wrong_password_keeps_the_email(page, world):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(world.owner.email)
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct email")).to_be_visible()
    assert page.get_by_label("Email").input_value() == world.owner.email


def test_the_skip_link_and_keyboard_reach_the_content(page, world):
    log_in(page, world.owner)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_layout_holds_at_375px(new_page, world):
    page = new_page(width=375, height=800)
    log_in(page, world.staff)
    page.goto("/staff/people/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "staff-people-375")
