"""The suite's scheduling (tests/scheduling.py) holds: a test sharing a module fixture
is in its module's xdist group, and under `--dist loadgroup` the group reaches xdist (its
node id carries `@group`), so the module's fixture is built once, on one worker."""

import pytest


@pytest.fixture(scope="module")
def shared_by_the_module():
    return object()


def test_a_test_sharing_a_module_fixture_is_in_its_modules_group(request, shared_by_the_module):
    group = request.node.get_closest_marker("xdist_group")
    assert group is not None and group.args == ("tests.test_scheduling-0",)
    if getattr(request.config.option, "loadgroup", False):  # an xdist worker, loadgroup
        assert request.node.nodeid.endswith("@tests.test_scheduling-0"), request.node.nodeid


def test_a_test_sharing_nothing_is_in_no_group(request):
    assert request.node.get_closest_marker("xdist_group") is None
