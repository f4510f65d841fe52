import pytest

from evidence.models import Artifact
from promo.models import Notification, NudgeClaim
from promo.nudges.planner import local_clock

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_engineers_notifications_once(demo):
    assert Notification.objects.count() > 0
    assert demo.unchanged_by_the_second_run(Notification, NudgeClaim)
    # The demo's shares, replies and @mentions are claimed by the review services, and its
    # released promotion decisions by the committees', for a worker to send.
    assert not Notification.objects.filter(claim__isnull=True).exists()
    assert set(
        NudgeClaim.objects.filter(notification__isnull=True).values_list("kind", flat=True)
    ) <= {"reply", "review_requested", "mention", "decision_released"}
    log_wins = Notification.objects.filter(kind="log_wins").select_related("recipient")
    assert log_wins.filter(read_at__isnull=True).exists()  # this week's
    assert log_wins.filter(read_at__isnull=False).exists()  # last week's
    for nudge in log_wins:  # like the real nudge: only to whoever had logged nothing that week
        monday = local_clock(nudge.recipient.time_zone, nudge.created_at)["week_start"]
        logged = Artifact.objects.filter(
            owner=nudge.recipient, created_at__range=(monday, nudge.created_at)
        )
        assert not logged.exists(), f"{nudge.recipient} logged {logged.first()} that week"
    assert {"digest", "stale_criterion"} <= set(Notification.objects.values_list("kind", flat=True))
