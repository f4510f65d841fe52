"""Every evidence write that can change `shipped_on` or liveness re-plans the artifact's
impact check-ins in the same transaction, and "This week" lists the ones due."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import Artifact
from evidence.services import (
    artifact_restore,
    artifact_restore_revision,
    artifact_trash,
    artifact_update,
)
from promo.models import ImpactCheckIn
from tests.evidence.factories import saved_artifact

SHIPPED = date(2026, 1, 5)


def due_dates(artifact):
    return sorted(
        ImpactCheckIn.objects.filter(artifact=artifact, recorded_at=None).values_list(
            "due_on", flat=True
        )
    )


def edit(artifact, by, **data):
    data = {"title": artifact.title, "shipped_on": artifact.shipped_on, **data}
    return artifact_update(artifact=artifact, data=data, expected_version=artifact.version, by=by)


def test_creating_a_shipped_artifact_plans_its_check_ins(world):
    artifact = saved_artifact(world.owner, shipped_on=SHIPPED)
    assert due_dates(artifact)
    assert all(due > SHIPPED for due in due_dates(artifact))


def test_creating_an_unshipped_artifact_plans_none(world):
    assert due_dates(saved_artifact(world.owner)) == []


def test_re_dating_an_artifact_moves_its_check_ins(world):
    artifact = saved_artifact(world.owner, shipped_on=SHIPPED)
    before = due_dates(artifact)
    edit(artifact, world.owner, shipped_on=SHIPPED + timedelta(days=10))
    assert due_dates(artifact) == [due + timedelta(days=10) for due in before]


def test_restoring_an_old_revision_plans_from_its_date(world):
    artifact = saved_artifact(world.owner, shipped_on=SHIPPED)
    first = artifact.revisions.get()
    before = due_dates(artifact)
    artifact = edit(artifact, world.owner, shipped_on=None)
    assert due_dates(artifact) == []
    artifact_restore_revision(artifact=artifact, revision=first, by=world.owner)
    assert due_dates(artifact) == before


def test_trash_drops_pending_check_ins_and_restore_brings_them_back(world):
    artifact = saved_artifact(world.owner, shipped_on=SHIPPED)
    before = due_dates(artifact)
    artifact_trash(artifact=artifact, by=world.owner)
    assert due_dates(artifact) == []
    artifact_restore(artifact=Artifact.all_objects.get(pk=artifact.pk), by=world.owner)
    assert due_dates(artifact) == before


def test_this_week_lists_due_check_ins(world, client):
    long_ago = timezone.localdate() - timedelta(days=400)
    artifact = saved_artifact(world.owner, title="Faster checkout", shipped_on=long_ago)
    checkin = ImpactCheckIn.objects.filter(artifact=artifact).first()
    client.force_login(world.owner)
    response = client.get(reverse("this_week"))
    assert response.status_code == 200
    assert reverse("checkin_record", args=[checkin.pk]).encode() in response.content
    assert b"Faster checkout" in response.content


def test_this_week_lists_the_oldest_five_due_and_links_to_all(world, client):
    long_ago = timezone.localdate() - timedelta(days=400)
    for index in range(4):  # each plans several check-ins, all due by now
        saved_artifact(world.owner, title=f"Shipped {index}", shipped_on=long_ago)
    due = ImpactCheckIn.objects.due_for(world.owner, timezone.localdate())
    assert due.count() > 5
    client.force_login(world.owner)
    page = client.get(reverse("this_week")).content.decode()
    shown = [c for c in due if reverse("checkin_record", args=[c.pk]) in page]
    assert shown == list(due[:5])
    assert f"All {due.count()} check-ins due" in page
    assert f'href="{reverse("checkins_due")}"' in page


def test_this_week_says_when_no_check_in_is_due(world, client):
    client.force_login(world.owner)
    response = client.get(reverse("this_week"))
    assert b"Impact check-ins due" in response.content
    assert b"None due." in response.content


pytestmark = pytest.mark.django_db
