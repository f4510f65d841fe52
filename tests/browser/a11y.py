"""axe-core in the real browser. The script comes from the axe-playwright-python package
(which ships axe-core's own axe.min.js) so `make test` needs no npm. It is evaluated through
the DevTools protocol, which the page's strict CSP does not block, and nothing else of that
package is used."""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
BLOCKING = ("serious", "critical")


def axe_violations(page):
    """Serious and critical axe-core violations on the page as it is now."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page):
    problems = axe_violations(page)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
