"""My team's dashboard section comes from the cache until something it shows changes
(promo/dashboards/section.py). Each change test views the dashboard first, so the
section is cached, then changes one thing it shows with a bare update no service sees,
and views it again."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from promo.dashboards.snapshots import snapshot_refresh
from promo.models import Candidacy, Level, ReadinessSnapshot, User


def _team(viewer, **query):
    client = Client()
    client.force_login(viewer)
    response = client.get(reverse("team"), query)
    assert response.status_code == 200
    return response.content.decode()


def _rename_the_report(world):
    User.objects.filter(pk=world.owner.pk).update(display_name="Olive Renamed")
    return "Olive Renamed</a>"


def _stale_by_hand(world):
    ReadinessSnapshot.objects.filter(person=world.owner).update(is_stale=True)
    return '<span class="badge bad">Stale</span>'


def _a_case_opened(world):
    Candidacy.objects.create(
        person=world.owner,
        ladder=world.owner.ladder,
        from_level=world.owner.level,
        target_level=world.owner.level.next_level(),
        target_date=date(2031, 3, 1),
    )
    return "by Mar 2031"


def _another_report(world):
    User.objects.create(email="newcomer@example.com", display_name="Nina Newcomer",
                        manager=world.manager, ladder=world.owner.ladder)  # fmt: skip
    return "Nina Newcomer"


@pytest.mark.parametrize(
    "change", [_rename_the_report, _stale_by_hand, _a_case_opened, _another_report]
)
def test_a_change_to_what_the_dashboard_shows_is_shown_at_once(world, change):
    snapshot_refresh(person_id=world.owner.pk)
    ReadinessSnapshot.objects.filter(person=world.owner).update(is_stale=False)
    before = _team(world.manager)
    shown = change(world)
    assert shown not in before
    assert shown in _team(world.manager)


def test_a_level_recoded_shows_at_once(world):
    snapshot_refresh(person_id=world.owner.pk)
    code = world.owner.level.code
    assert f">{code}" in _team(world.manager)
    Level.objects.filter(pk=world.owner.level_id).update(code="E5")
    page = _team(world.manager)
    assert ">E5" in page and f">{code} →" not in page


def test_a_manager_renamed_shows_in_the_org_view_at_once(world):
    snapshot_refresh(person_id=world.owner.pk)
    before = _team(world.director, scope="org")
    User.objects.filter(pk=world.manager.pk).update(display_name="Maya Renamed")
    assert "Reports of Maya Renamed" not in before
    assert "Reports of Maya Renamed" in _team(world.director, scope="org")


def test_managers_never_share_a_section(world):
    snapshot_refresh(person_id=world.owner.pk)
    snapshot_refresh(person_id=world.other_engineer.pk)
    assert str(world.owner) in _team(world.manager)
    assert str(world.owner) not in _team(world.other_manager)


def test_an_htmx_filter_change_gets_the_section_alone(world):
    snapshot_refresh(person_id=world.owner.pk)
    client = Client()
    client.force_login(world.manager)
    for _ in range(2):  # drawn, then from the cache
        response = client.get(
            reverse("team"), {"sort": "readiness"}, headers={"HX-Request": "true"}
        )
        page = response.content.decode()
        assert page.lstrip().startswith('<section id="dashboard"') and "<html" not in page
        assert str(world.owner) in page
