"""Every main page: no serious or critical axe-core violations."""

import pytest

from tests.browser.a11y import assert_accessible, axe_violations
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_are_accessible(page, world):
    for path in ["/accounts/login/", "/accounts/password_reset/"]:
        page.goto(path)
        assert_accessible(page)


def test_foundation_pages_are_accessible(page, world):
    log_in(page, world.staff)
    for path in [
        "/",
        "/staff/people/",
        "/staff/teams/",
        "/staff/mentors/",
        "/accounts/password_change/",
    ]:
        page.goto(path)
        assert_accessible(page)


def test_the_checker_really_catches_violations(page, live_server):
    page.set_content(
        '<html lang="en"><body><main><img src="x.png"><button></button></main></body></html>'
    )
    problems = " ".join(axe_violations(page))
    assert "image-alt" in problems and "button-name" in problems


def test_csp_violations_reach_the_problem_list(browser, live_server):
    from tests.browser.conftest import BrowserProblems

    context = browser.new_context()
    page = context.new_page()
    problems = BrowserProblems(page)
    page.set_content(
        "<html><head><meta http-equiv='Content-Security-Policy' content=\"script-src 'self'\">"
        "</head><body><script>document.title = 'ran'</script></body></html>"
    )
    context.close()
    assert any("Content Security Policy" in message for message in problems.messages)
