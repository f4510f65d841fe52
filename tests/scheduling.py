"""How the suite spreads over xdist workers (`--dist loadgroup
--no-loadscope-reorder`, which `dev.py test` passes: groups are handed out in this order).

Two rules keep two cores busy to the end:
- Tests that share a module- or package-scoped fixture (a world built once, a seeded demo,
  a bootstrapped machine) go to one worker as a group and run there in a row; under plain
  load balancing a worker that came back to such a module would build it again. A large
  module is cut into a few groups, so its tests still spread over the workers: each group
  pays for the fixture once.
- Tests marked `slow(seconds=…)` (tens of seconds of real time: a killed worker waiting out
  its lease, a browser walking every page) are handed out before the short ones, longest
  first, so none of them is left running alone at the end.
"""

import pytest

TESTS_PER_GROUP = 100


def _shared_scope(item):
    """The module or package whose costly fixture the test shares, or None."""
    for defs in item._fixtureinfo.name2fixturedefs.values():
        fixture = defs[-1]
        if fixture.scope == "module" and fixture.baseid.startswith("tests"):
            return item.module.__name__
        if fixture.scope == "package" and fixture.baseid.startswith("tests"):
            return fixture.baseid
    return None


def group_and_order(items):
    """Marks each test sharing a costly fixture with its xdist group, and moves the slow
    tests to the front (a stable sort: otherwise the collection order holds)."""
    counts = {}
    for item in items:
        scope = _shared_scope(item)
        if scope is None:
            continue
        position = counts[scope] = counts.get(scope, -1) + 1
        item.add_marker(pytest.mark.xdist_group(f"{scope}-{position // TESTS_PER_GROUP}"))
    items.sort(key=_longest_first)


def _longest_first(item):
    slow = item.get_closest_marker("slow")
    return -slow.kwargs.get("seconds", 10) if slow else 0
