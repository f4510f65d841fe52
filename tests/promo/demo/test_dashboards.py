"""seed_snapshots gives the demo director and managers a dashboard with history."""

from django.urls import reverse

from promo.dashboards.team import ORG_PAGE_SIZE
from promo.demo.dashboards import HISTORY_MONTHS
from promo.demo.steps import DIRECTOR, TEAMS, email_for
from promo.models import ReadinessMonth, ReadinessSnapshot, User


def test_the_demo_director_sees_the_whole_org_with_history(demo, db, client):
    engineers = sum(len(members) for _, members in TEAMS.values())
    people = ReadinessSnapshot.objects.count()
    assert people >= engineers
    assert ReadinessMonth.objects.values("month").distinct().count() == HISTORY_MONTHS + 1
    assert demo.unchanged_by_the_second_run(ReadinessSnapshot, ReadinessMonth)  # idempotent
    client.force_login(User.objects.get(email=email_for(DIRECTOR)))
    response = client.get(reverse("team"), {"scope": "org"})
    assert response.context["matching"] >= engineers
    assert len(response.context["rows"]) == ORG_PAGE_SIZE, "the whole org comes in pages"
    assert b"People ready or close, month by month" in response.content
