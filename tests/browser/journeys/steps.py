"""Small steps the journeys share: reading the heatmap, moving by keyboard."""

from datetime import date

from django.urls import reverse


def heat_cell(page, criterion_name, month=None):
    """The words a heatmap cell says about a criterion this month (its aria-label)."""
    month = month or date.today()
    cell = page.locator(f'svg.heatmap a[aria-label^="{criterion_name}, {month:%B %Y}"]')
    return cell.get_attribute("aria-label")


def open_heatmap(page):
    page.goto(reverse("readiness"))
    page.locator("svg.heatmap").wait_for()


def tab_to(page, is_target, limit=120):
    """Press Tab until the focused element matches `is_target` (a JS predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => ({is_target})(el))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element matching {is_target}")


def focused_is(selector):
    """A `tab_to` predicate: the focused element matches the CSS selector."""
    return f"el => el && el.matches({selector!r})"


def focused_text_is(text):
    """A `tab_to` predicate: the focused link or button says `text`."""
    return f"el => el && el.textContent.trim() === {text!r}"
