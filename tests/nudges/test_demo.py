import io

import pytest
from django.core.management import call_command

from promo.models import Notification, NudgeClaim

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_engineers_notifications_once():
    call_command("seed_demo", stdout=io.StringIO())
    first = Notification.objects.count()
    claims = NudgeClaim.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert first == Notification.objects.count() > 0
    assert claims == NudgeClaim.objects.count()
    # The demo's shares, replies and @mentions are claimed by the review services, for a
    # worker to send.
    assert not Notification.objects.filter(claim__isnull=True).exists()
    assert set(
        NudgeClaim.objects.filter(notification__isnull=True).values_list("kind", flat=True)
    ) <= {"reply", "review_requested", "mention"}
    log_wins = Notification.objects.filter(kind="log_wins")
    assert log_wins.filter(read_at__isnull=True).count() == log_wins.count() // 2
    assert {"digest", "stale_criterion"} <= set(Notification.objects.values_list("kind", flat=True))
