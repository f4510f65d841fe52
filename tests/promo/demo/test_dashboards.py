"""seed_snapshots gives the demo director and managers a dashboard with history."""

from datetime import UTC, date, datetime

from django.urls import reverse

from promo.dashboards.team import ORG_PAGE_SIZE
from promo.demo.dashboards import HISTORY_MONTHS, seed_snapshots
from promo.demo.steps import DIRECTOR, TEAMS, email_for
from promo.models import ReadinessMonth, ReadinessSnapshot, User
from promo.readiness.calendar import add_months


def test_the_demo_director_sees_the_whole_org_with_history(demo, db, client):
    engineers = sum(len(members) for _, members in TEAMS.values())
    people = ReadinessSnapshot.objects.count()
    assert people >= engineers
    for person_id in User.objects.filter(is_active=True, ladder__isnull=False).values_list(
        "pk", flat=True
    ):
        months = ReadinessMonth.objects.filter(person_id=person_id).values_list("month", flat=True)
        assert len(months) == HISTORY_MONTHS + 1, person_id
    assert demo.unchanged_by_the_second_run(ReadinessSnapshot, ReadinessMonth)  # idempotent
    client.force_login(User.objects.get(email=email_for(DIRECTOR)))
    response = client.get(reverse("team"), {"scope": "org"})
    assert response.context["matching"] >= engineers
    assert len(response.context["shown"]) == ORG_PAGE_SIZE, "the whole org comes in pages"
    assert b"People ready or close, month by month" in response.content


def test_each_persons_history_ends_with_their_own_month(world):
    """On the last evening of November in UTC it is December in Tokyo already: each
    person's history is the HISTORY_MONTHS months before their own current month."""
    world.owner.time_zone = "Asia/Tokyo"
    world.owner.save(update_fields=["time_zone"])
    seed_snapshots(now=datetime(2026, 11, 30, 20, 0, tzinfo=UTC))
    for person, current in (
        (world.owner, date(2026, 12, 1)),
        (world.other_engineer, date(2026, 11, 1)),
    ):
        months = ReadinessMonth.objects.filter(person=person).values_list("month", flat=True)
        assert sorted(months) == [
            add_months(current, -back) for back in range(HISTORY_MONTHS, -1, -1)
        ]
