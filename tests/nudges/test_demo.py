import io

import pytest
from django.core.management import call_command

from promo.models import Notification, NudgeClaim

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_engineers_notifications_once():
    call_command("seed_demo", stdout=io.StringIO())
    first = Notification.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert first == Notification.objects.count() == NudgeClaim.objects.count() > 0
    assert Notification.objects.filter(read_at__isnull=True).count() == first // 2
