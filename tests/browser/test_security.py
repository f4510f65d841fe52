import pytest
from django.conf import settings
from playwright.sync_api import expect

from promo.audit.services import audit_record
from promo.models import AuditEntry
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_search_the_audit_log_with_htmx_and_no_csp_violation(page, world):
    audit_record(actor=world.manager, action=AuditEntry.Action.EVIDENCE_VIEWED, subject=world.owner)
    audit_record(actor=world.staff, action=AuditEntry.Action.ROLE_CHANGED, subject=world.owner)
    log_in(page, world.staff)
    page.goto("/staff/audit/")
    page.get_by_label("Actor").fill("maya")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/staff/audit/?actor=maya*")
    rows = page.locator("#results tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1 and "Maya Manager" in rows.first.inner_text()
    screenshot(page, "staff-audit")


def test_an_engineer_sees_who_viewed_their_case(page, world):
    audit_record(actor=world.mentor, action=AuditEntry.Action.DRAFT_VIEWED, subject=world.owner)
    log_in(page, world.owner)
    page.get_by_role("link", name="Who viewed my case").click()
    expect(page.get_by_role("cell", name="Pia Principal <pia@example.com>")).to_be_visible()


def test_the_lockout_page_is_styled_and_clean(browser, live_server, world):
    # Its own context: the shared `page` fixture counts the 429 itself as a console error.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error" and "429" not in message.text and problems.append(message.text)
        ),
    )
    page.goto("/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Email").fill(world.owner.email)
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).display") == "flex"  # styled
    screenshot(page, "login-locked")
    context.close()
    assert not problems, problems
