import pytest
from django.db import IntegrityError

from promo.models import NudgeThreshold
from promo.nudges.services import nudge_thresholds_set


def test_thresholds_are_saved_all_or_none(world):
    first, second = "digest.weekday", "digest.local_hour"
    with pytest.raises(IntegrityError):
        # The second value cannot be stored: the first must not stay saved on its own.
        nudge_thresholds_set(values={first: 3, second: None}, by=world.staff)
    assert not NudgeThreshold.objects.exists()
    nudge_thresholds_set(values={first: 3, second: 4}, by=world.staff)
    assert dict(NudgeThreshold.objects.values_list("key", "value")) == {first: 3, second: 4}
