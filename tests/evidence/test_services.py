from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from evidence.revisions import M2M_FIELDS, snapshot_of
from evidence.services import (
    ArtifactConflict,
    artifact_purge_expired,
    artifact_restore,
    artifact_restore_revision,
    artifact_retag,
    artifact_tag,
    artifact_trash,
    artifact_untag,
    artifact_update,
    capture_read,
    quick_capture,
    quick_capture_undo,
)
from evidence.tasks import purge_trash
from promo.models import Criterion, Ladder, Level
from tests.evidence.factories import attached, saved_artifact
from tests.factories import TeamFactory


def test_create_stores_fields_links_teams_and_a_first_revision(world):
    team = TeamFactory(name="Search")
    artifact = saved_artifact(
        world.owner,
        title="Shard the index",
        links=[("Design", "https://docs.example/shard")],
        teams_adopted=[team],
        collaborators=[world.other_engineer],
    )
    assert artifact.version == 1
    assert [link.label for link in artifact.links.all()] == ["Design"]
    assert list(artifact.teams_adopted.all()) == [team]
    revision = artifact.revisions.get()
    assert revision.version == 1
    assert revision.snapshot["title"] == "Shard the index"
    assert revision.snapshot["collaborators"] == [world.other_engineer.pk]


def test_the_first_revision_is_the_artifact_as_read_back(world):
    search, ads = TeamFactory(name="Search"), TeamFactory(name="Ads")
    artifact = saved_artifact(
        world.owner,
        title="Shard the index",
        shipped_on=timezone.localdate(),
        links=[("Design", "https://docs.example/shard"), ("PR", "https://git.example/1")],
        teams_touched=[ads, search, ads],
        collaborators=[world.other_engineer.pk],
    )
    fresh = Artifact.objects.prefetch_related(*M2M_FIELDS, "links").get(pk=artifact.pk)
    assert artifact.revisions.get().snapshot == snapshot_of(fresh)


def test_every_update_bumps_the_version_and_keeps_a_revision(world):
    artifact = saved_artifact(world.owner)
    artifact_update(artifact=artifact, data={"title": "v2"}, expected_version=1, by=world.owner)
    artifact_update(artifact=artifact, data={"title": "v3"}, expected_version=2, by=world.owner)
    artifact.refresh_from_db()
    assert artifact.version == 3
    titles = [r.snapshot["title"] for r in artifact.revisions.all()]
    assert titles == ["v3", "v2", "Cut checkout latency"]


def test_it_refuses_a_stale_save_instead_of_overwriting(world):
    artifact = saved_artifact(world.owner)
    first_tab = Artifact.objects.get(pk=artifact.pk)
    second_tab = Artifact.objects.get(pk=artifact.pk)
    artifact_update(
        artifact=first_tab, data={"title": "Tab one"}, expected_version=1, by=world.owner
    )
    with pytest.raises(ArtifactConflict) as conflict:
        artifact_update(
            artifact=second_tab, data={"title": "Tab two"}, expected_version=1, by=world.owner
        )
    assert conflict.value.current.title == "Tab one"
    assert conflict.value.current.version == 2
    assert Artifact.objects.get(pk=artifact.pk).title == "Tab one"
    assert artifact.revisions.count() == 2


def test_restoring_a_revision_makes_it_the_newest(world):
    artifact = saved_artifact(world.owner, body="original", links=[("A", "https://a.example")])
    artifact_update(
        artifact=artifact,
        data={"title": "Changed", "body": "rewritten", "links": []},
        expected_version=1,
        by=world.owner,
    )
    first = artifact.revisions.get(version=1)
    artifact_restore_revision(artifact=artifact, revision=first, by=world.owner)
    artifact.refresh_from_db()
    assert (artifact.title, artifact.body, artifact.version) == (
        "Cut checkout latency",
        "original",
        3,
    )
    assert [link.url for link in artifact.links.all()] == ["https://a.example"]
    assert artifact.revisions.count() == 3


def test_trash_hides_and_restore_brings_back(world):
    artifact = saved_artifact(world.owner)
    artifact_trash(artifact=artifact, by=world.owner)
    assert not Artifact.objects.filter(pk=artifact.pk).exists()
    assert Artifact.all_objects.filter(pk=artifact.pk).exists()
    artifact_restore(artifact=artifact, by=world.owner)
    assert Artifact.objects.filter(pk=artifact.pk).exists()


def test_it_refuses_to_restore_after_thirty_days(world):
    artifact = saved_artifact(world.owner)
    artifact.deleted_at = timezone.now() - timedelta(days=31)
    artifact.save(update_fields=["deleted_at"])
    with pytest.raises(ValidationError):
        artifact_restore(artifact=artifact, by=world.owner)


def test_purge_removes_only_expired_trash_and_its_files(world):
    old, recent, live = (saved_artifact(world.owner, title=t) for t in ("old", "recent", "live"))
    attachment = attached(old)
    storage, name = attachment.file.storage, attachment.file.name
    ArtifactTag.objects.create(artifact=old, criterion=Criterion.objects.first())
    Artifact.all_objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    Artifact.all_objects.filter(pk=recent.pk).update(deleted_at=timezone.now() - timedelta(days=29))
    assert storage.exists(name)
    assert artifact_purge_expired() == 1
    assert set(Artifact.all_objects.values_list("title", flat=True)) == {"recent", "live"}
    assert not storage.exists(name)
    assert purge_trash() == 0  # the periodic task is idempotent


def test_the_purge_is_scheduled_in_the_database(db):
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.get(task="evidence.purge_trash").enabled


def test_tag_retag_untag(world):
    artifact = saved_artifact(world.owner)
    scope = Criterion.objects.get(slug="scope")
    tag = artifact_tag(artifact=artifact, criterion=scope, strength="signal", rationale=" why ")
    assert tag.rationale == "why"
    again = artifact_tag(artifact=artifact, criterion=scope, strength="strong")
    assert again.pk == tag.pk and again.strength == "strong"
    artifact_retag(tag=again, strength="exemplary", rationale="Org-wide")
    assert ArtifactTag.objects.get(pk=tag.pk).strength == "exemplary"
    artifact_untag(tag=again)
    assert not artifact.tags.exists()


def test_it_refuses_a_criterion_from_another_ladder(world):
    other = Ladder.objects.create(name="Managers", slug="managers")
    Level.objects.create(ladder=other, code="M1", title="Manager")
    foreign = Criterion.objects.create(ladder=other, slug="hiring", name="Hiring")
    with pytest.raises(ValidationError):
        artifact_tag(artifact=saved_artifact(world.owner), criterion=foreign, strength="signal")


def capture(owner, line, now=None):
    return quick_capture(owner=owner, capture=capture_read(owner=owner, line=line, now=now))


def test_a_tagged_capture_counts_at_once_with_its_strength_date_link_and_people(world):
    world.owner.time_zone = "Asia/Tokyo"  # already Friday the 27th there
    artifact = capture(
        world.owner,
        "Unblocked the #Scope review #nope #impact !strong yesterday "
        f"https://git.example/pr/1 @{world.other_engineer.email.split('@')[0]}",
        now=datetime(2026, 11, 26, 23, 30, tzinfo=UTC),
    )
    assert not artifact.is_draft
    assert artifact.title == "Unblocked the review #nope"
    assert artifact.happened_on == date(2026, 11, 26)
    assert sorted(artifact.tags.values_list("criterion__slug", "strength")) == [
        ("impact", "strong"),
        ("scope", "strong"),
    ]
    assert list(artifact.links.values_list("url", flat=True)) == ["https://git.example/pr/1"]
    assert list(artifact.collaborators.all()) == [world.other_engineer]
    assert artifact.revisions.count() == 1


def test_an_untagged_or_draft_marked_capture_is_a_draft(world):
    assert capture(world.owner, "Paired on infra").is_draft
    marked = capture(world.owner, "Paired on infra #scope !draft")
    assert marked.is_draft
    assert marked.tags.get().strength == "signal"


def test_quick_capture_refuses_only_tags(world):
    with pytest.raises(ValidationError):
        capture(world.owner, "#scope")
    assert not Artifact.all_objects.filter(owner=world.owner).exists()


def test_undo_trashes_a_capture_within_ten_seconds_only(world):
    first = capture(world.owner, "First #scope")
    second = capture(world.owner, "Second #scope")
    quick_capture_undo(artifact=first, by=world.owner, now=first.created_at + timedelta(seconds=10))
    assert Artifact.all_objects.get(pk=first.pk).deleted_at is not None
    with pytest.raises(ValidationError, match="more than 10 seconds ago"):
        quick_capture_undo(
            artifact=second, by=world.owner, now=second.created_at + timedelta(seconds=11)
        )
    assert Artifact.objects.filter(pk=second.pk).exists()
