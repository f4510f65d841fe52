""" "This week"'s body comes from the cache until something it shows changes
(evidence/week_body.py). Each change test views the page first, so its body is cached,
then changes one thing the body shows, through a service or with a bare update no service
sees, and views it again."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.models import Criterion, ImpactCheckIn
from tests.evidence.factories import saved_artifact
from tests.page_queries import drawn_and_cached


def _week(person):
    client = Client()
    client.force_login(person)
    response = client.get(reverse("this_week"))
    assert response.status_code == 200
    return response.content.decode()


def _today():
    return timezone.localdate()


def _retitle_by_hand(world, artifact):
    Artifact.objects.filter(pk=artifact.pk).update(title="Halved the p99")
    return "Halved the p99"


def _tag_by_hand(world, artifact):
    criterion = Criterion.objects.filter(ladder=world.owner.ladder).order_by("position").first()
    Criterion.objects.filter(pk=criterion.pk).update(name="Reach beyond the team")
    ArtifactTag.objects.create(artifact=artifact, criterion=criterion)
    return "Reach beyond the team <span"


def _log_another(world, artifact):
    saved_artifact(world.owner, title="Wrote the migration guide", happened_on=_today())
    return "Wrote the migration guide"


def _retitle_a_previous_week(world, artifact):
    earlier = saved_artifact(world.owner, title="Old title", happened_on=_today() - timedelta(21))
    _week(world.owner)
    Artifact.objects.filter(pk=earlier.pk).update(title="Retitled three weeks on")
    return "Retitled three weeks on"


def _a_check_in_falls_due(world, artifact):
    shipped = saved_artifact(
        world.owner, title="Faster checkout", shipped_on=_today() - timedelta(days=400)
    )
    ImpactCheckIn.objects.filter(artifact=shipped).update(due_on=_today() + timedelta(days=1))
    _week(world.owner)
    checkin = ImpactCheckIn.objects.filter(artifact=shipped).first()
    ImpactCheckIn.objects.filter(pk=checkin.pk).update(due_on=_today())
    return reverse("checkin_record", args=[checkin.pk])


@pytest.mark.parametrize(
    "change",
    [
        _retitle_by_hand,
        _tag_by_hand,
        _log_another,
        _retitle_a_previous_week,
        _a_check_in_falls_due,
    ],
)
def test_a_change_to_what_the_week_shows_is_shown_at_once(world, change):
    artifact = saved_artifact(world.owner, title="Cut checkout latency", happened_on=_today())
    before = _week(world.owner)
    shown = change(world, artifact)
    assert shown not in before
    assert shown in _week(world.owner)


def test_a_check_in_answered_or_an_artifact_trashed_leaves_the_week_at_once(world):
    shipped = saved_artifact(
        world.owner, title="Faster checkout", shipped_on=_today() - timedelta(days=400)
    )
    trashed = saved_artifact(world.owner, title="Soon trashed", happened_on=_today())
    checkins = ImpactCheckIn.objects.filter(artifact=shipped)
    links = [reverse("checkin_record", args=[c.pk]) for c in checkins]
    before = _week(world.owner)
    assert "Soon trashed" in before and all(link in before for link in links)
    checkins.update(recorded_at=timezone.now(), outcome="It held")
    Artifact.objects.filter(pk=trashed.pk).update(deleted_at=timezone.now())
    after = _week(world.owner)
    assert "Soon trashed" not in after and not any(link in after for link in links)


def test_people_never_share_a_body(world):
    saved_artifact(world.owner, title="Mine this week", happened_on=_today())
    assert "Mine this week" in _week(world.owner)
    assert "Mine this week" not in _week(world.other_engineer)


def test_a_cached_view_holds_its_queries_as_the_history_grows(client, world):
    saved_artifact(world.owner, title="The first", happened_on=_today())
    client.force_login(world.owner)
    url = reverse("this_week")
    client.get(reverse("home"))  # warm the session
    one = drawn_and_cached(client, url)
    for n in range(30):
        saved_artifact(world.owner, title=f"Win {n}", happened_on=_today() - timedelta(days=n))
    assert drawn_and_cached(client, url) == one
    if connection.vendor == "postgresql":
        # Session, user, the body's version, the navigation's roles.
        assert one[1] == 4, one
