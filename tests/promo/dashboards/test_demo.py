"""seed_snapshots gives the demo director and managers a dashboard with history."""

import pytest
from django.urls import reverse

from promo.demo.dashboards import HISTORY_MONTHS, seed_snapshots
from promo.demo.steps import seed_org
from promo.models import ReadinessMonth, ReadinessSnapshot

pytestmark = pytest.mark.django_db


def test_the_demo_director_sees_the_whole_org_with_history(client):
    org = seed_org()
    seed_snapshots()
    seed_snapshots()  # idempotent
    people = ReadinessSnapshot.objects.count()
    assert people >= len(org["engineers"])
    assert ReadinessMonth.objects.values("month").distinct().count() == HISTORY_MONTHS + 1
    client.force_login(org["director"])
    response = client.get(reverse("team"), {"scope": "org"})
    assert len(response.context["rows"]) >= len(org["engineers"])
    assert b"People ready or close, month by month" in response.content
