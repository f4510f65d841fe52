"""Bringing people in, as staff do it: upload a file, fix its bad row on the page, check
again and apply, without uploading the file a second time."""

import pytest
from playwright.sync_api import expect

from promo.models import User
from tests.browser.a11y import axe_violations
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE = (
    "email,display_name,team,level,manager_email\n"
    "ivy@example.com,Ivy Lead,Platform,L7,dana@example.com\n"
    "jon@example.com,Jon New,Platform,L4,ivy@exmaple.com\n"
)


def test_staff_fix_a_bad_row_on_the_page_then_apply(page, world, tmp_path):
    upload = tmp_path / "people.csv"
    upload.write_text(FILE, encoding="utf-8")
    log_in(page, world.staff)
    page.goto("/staff/people/")
    page.get_by_role("link", name="Import from CSV").click()
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Check (dry run)").click()

    expect(page.get_by_role("heading", name="1 problem: nothing was written")).to_be_visible()
    expect(page.get_by_role("cell", name="Unknown manager ivy@exmaple.com")).to_be_visible()
    assert not axe_violations(page)
    text_box = page.get_by_label("Or paste the CSV")
    text_box.fill(text_box.input_value().replace("ivy@exmaple.com", "ivy@example.com"))
    page.get_by_role("button", name="Check (dry run)").click()

    expect(page.get_by_role("heading", name="Dry run: nothing written yet")).to_be_visible()
    assert not User.objects.filter(email="ivy@example.com").exists()
    page.get_by_role("button", name="Apply").click()

    summary = page.get_by_text("Created 2, updated 0, unchanged 0. New teams: Platform.")
    expect(summary).to_be_visible()
    assert User.objects.get(email="jon@example.com").manager.email == "ivy@example.com"
