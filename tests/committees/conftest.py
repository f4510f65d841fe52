"""The committee the committee tests share: the world's committee member and the owner's
mentor on an open cycle's L6 committee."""

import pytest

from tests.committees.helpers import a_cycle


@pytest.fixture
def member(world):
    return world.committee_member


@pytest.fixture
def cycle(world, member):
    return a_cycle(world.staff, members=[member, world.mentor])
