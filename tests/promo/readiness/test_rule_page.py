"""The "How is this decided?" page: the rule in words with a ladder's own numbers."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promo.models import Ladder


def test_the_readiness_page_links_to_the_rule_of_its_ladder(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("readiness")).content.decode()
    link = f"{reverse('readiness_rule')}?ladder={world.owner.ladder_id}"
    assert f'href="{link}"' in page and "How is this decided?" in page


def test_the_rule_page_shows_the_ladders_tuned_numbers(client, world):
    ladder = world.owner.ladder
    ladder.quarters_needed, ladder.close_max_short, ladder.matured_impact_needed = 2, 3, 4
    ladder.save(update_fields=["quarters_needed", "close_max_short", "matured_impact_needed"])
    client.force_login(world.manager)
    page = client.get(reverse("readiness_rule"), {"ladder": ladder.pk}).content.decode()
    assert "Strong or exemplary evidence in at least 2 of the last 4 calendar quarters" in page
    assert "at most 3 are not shown yet" in page
    assert "At least 4 shipped artifacts" in page
    assert "“Not yet”" in page
    assert "(Cross-team leverage and influence: 1 other team)" in page


def test_an_unknown_ladder_is_404_and_no_ladder_falls_back_to_the_viewers(client, world):
    client.force_login(world.manager)
    assert client.get(reverse("readiness_rule"), {"ladder": 98765}).status_code == 404
    page = client.get(reverse("readiness_rule"))
    assert page.status_code == 200 and page.context["ladder"] is not None


def test_the_rule_page_runs_the_same_queries_for_1_and_many_ladders(client, world):
    client.force_login(world.owner)
    client.get(reverse("readiness_rule"))  # the session's first request writes it
    counts = []
    for extra in (0, 20):
        for n in range(extra):
            Ladder.objects.get_or_create(name=f"Ladder {n}", slug=f"ladder-{n}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("readiness_rule")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], queries.captured_queries
