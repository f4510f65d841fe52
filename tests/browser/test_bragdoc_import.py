"""Brag-doc import in the browser: paste, preview, untick one, confirm, see the wins."""

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOC = """\
# Brag document 2026

## March 2026
- 2026-03-04 Shipped retry budgets #cross
  - p99 went from 420 ms to 180 ms
- Ran the payments incident review

### Project Atlas
- Led the migration off the old queue (Mar 20)
"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_paste_preview_untick_one_and_confirm(new_page, world, javascript):
    # With JavaScript on a phone, where overflow would show; without it on a desktop.
    page = new_page(width=375, height=800) if javascript else new_page(javascript=False)
    log_in(page, world.owner)
    page.goto("/evidence/")
    page.get_by_role("link", name="Import brag doc").click()
    page.get_by_label("Paste your brag document").fill(DOC)
    page.get_by_role("button", name="Preview the wins").click()

    expect(page.get_by_role("heading", name="3 wins found")).to_be_visible()
    expect(page.get_by_text("#leverage Cross-team leverage and influence")).to_be_visible()
    expect(page.get_by_text("Project: Project Atlas")).to_be_visible()
    if javascript:  # axe-core runs as a script in the page
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        screenshot(page, "bragdoc-preview-375")
    # The pasted text is there to change and preview again.
    expect(page.get_by_label("Paste your brag document")).to_have_value(DOC)

    page.get_by_label("Ran the payments incident review").uncheck()
    page.get_by_role("button", name="Import ticked wins").click()

    page.get_by_text("Imported 2 wins from your brag document").wait_for()
    assert page.url.endswith("/evidence/")
    expect(page.get_by_role("link", name="Shipped retry budgets")).to_be_visible()
    expect(page.get_by_role("link", name="Led the migration off the old queue")).to_be_visible()
    expect(page.get_by_text("Ran the payments incident review")).to_have_count(0)

    # The same document again offers only the win left out.
    page.goto("/import/brag-doc/")
    page.get_by_label("Paste your brag document").fill(DOC)
    page.get_by_role("button", name="Preview the wins").click()
    expect(page.get_by_text("already imported")).to_have_count(2)
    expect(page.get_by_label("Ran the payments incident review")).to_be_checked()
