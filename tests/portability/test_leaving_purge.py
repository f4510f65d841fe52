"""What the organisation keeps of someone who left: 30 days after staff deactivate them,
what only they could see is deleted for good; what they shared stays. Someone made active
again before then keeps everything, and a second run changes nothing."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.storage import default_storage
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from evidence.models import Artifact, ArtifactAttachment, ArtifactRevision, ArtifactTag
from promo.celery import app
from promo.models import AuditEntry, ImpactCheckIn, PersonalExport, User
from promo.org.services import person_save
from promo.portability import leaving_purge
from promo.portability.leaving_purge import leavers_private_data_delete
from promo.portability.tasks import delete_leavers_private_data
from reviews import services
from reviews.models import Comment, DocumentVersion, PromoDocument, Verdict
from reviews.sections import SUMMARY
from tests.evidence.factories import attached, saved_artifact
from tests.factories import UserFactory
from tests.portability.factories import everything_of
from tests.workers import publishing_to_a_queue_of_its_own

DAY = timedelta(days=1)


def _set_active(world, person, active):
    person.is_active = active
    return person_save(person=person, manager=person.manager, by=world.staff)


@pytest.fixture
def leaver(world, django_capture_on_commit_callbacks):
    """The owner with shared and private evidence and a promo doc in review, deactivated by
    staff; the things the test follows, by name."""
    everything = everything_of(world)
    criterion = world.owner.ladder.criteria.order_by("position").first()
    secret = everything.secret
    ArtifactTag.objects.create(artifact=secret, criterion=criterion, strength="signal")
    secret_file = attached(secret, "diary.txt", b"my private notes")
    draft = saved_artifact(
        world.owner, title="Half-written", visibility="mentors_and_manager", is_draft=True
    )
    for_mentors = saved_artifact(world.owner, title="Mentoring Ezra", visibility="mentors")
    with django_capture_on_commit_callbacks(execute=True):
        _set_active(world, world.owner, False)
    world.owner.refresh_from_db()
    return {
        "everything": everything,
        "secret_file": secret_file.file.name,
        "shared_file": everything.shipped.attachments.get().file.name,
        "draft": draft,
        "for_mentors": for_mentors,
    }


def _purge_at(moment, capture):
    with capture(execute=True):
        return leavers_private_data_delete(now=moment)


def _titles(person):
    return set(Artifact.all_objects.filter(owner=person).values_list("title", flat=True))


def test_it_deletes_what_only_they_could_see_30_days_after_deactivation(
    world, leaver, django_capture_on_commit_callbacks
):
    due = world.owner.deactivated_at + 30 * DAY
    secret = leaver["everything"].secret
    assert _purge_at(due, django_capture_on_commit_callbacks) == 1
    assert _titles(world.owner) == {"Ledger rewrite v2", "Mentoring Ezra"}
    assert not ArtifactTag.objects.filter(artifact_id=secret.pk).exists()
    assert not ArtifactRevision.objects.filter(artifact_id__in=[secret.pk, leaver["draft"].pk])
    assert not ArtifactAttachment.objects.filter(artifact_id=secret.pk).exists()
    world.owner.refresh_from_db()
    assert world.owner.private_data_deleted_at == due


def test_nothing_goes_at_29_days(world, leaver, django_capture_on_commit_callbacks):
    before = _titles(world.owner)
    assert _purge_at(world.owner.deactivated_at + 29 * DAY, django_capture_on_commit_callbacks) == 0
    assert _titles(world.owner) == before and "Quiet reorg help" in before
    assert default_storage.exists(leaver["secret_file"])


def test_what_they_shared_stays_with_its_history(world, leaver, django_capture_on_commit_callbacks):
    shipped = leaver["everything"].shipped
    _purge_at(world.owner.deactivated_at + 31 * DAY, django_capture_on_commit_callbacks)
    assert [r.version for r in shipped.revisions.order_by("version")] == [1, 2]
    assert shipped.tags.exists() and ImpactCheckIn.objects.filter(artifact=shipped).exists()
    assert default_storage.exists(leaver["shared_file"])
    review_round = leaver["everything"].review_round
    assert Comment.objects.filter(thread__round=review_round).count() == 2
    assert Verdict.objects.filter(round=review_round).exists()
    assert world.owner.candidacies.exists()


def test_the_files_of_what_went_are_removed_from_storage(
    world, leaver, django_capture_on_commit_callbacks
):
    assert default_storage.exists(leaver["secret_file"])
    _purge_at(world.owner.deactivated_at + 30 * DAY, django_capture_on_commit_callbacks)
    assert not default_storage.exists(leaver["secret_file"])
    assert default_storage.exists(leaver["shared_file"])


def test_the_promo_doc_draft_goes_back_to_the_last_version_they_shared(
    world, leaver, django_capture_on_commit_callbacks
):
    document = leaver["everything"].document
    PromoDocument.objects.filter(pk=document.pk).update(
        draft=[{"key": SUMMARY, "title": "Summary", "body": "Unshared second thoughts."}]
    )
    _purge_at(world.owner.deactivated_at + 30 * DAY, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    shared = DocumentVersion.objects.get(document=document, number=1)
    assert document.draft == shared.sections
    assert "Unshared second thoughts." not in str(document.draft)


def test_a_never_shared_promo_doc_is_emptied(world, django_capture_on_commit_callbacks):
    from tests.reviews.factories import candidacy_for

    candidacy = candidacy_for(world.owner, mentors=[world.mentor])
    document = services.document_autodraft(candidacy=candidacy, by=world.owner)
    assert document.draft
    _set_active(world, world.owner, False)
    _purge_at(timezone.now() + 30 * DAY, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    assert document.draft == [] and PromoDocument.objects.filter(pk=document.pk).exists()


def test_their_export_zips_go_too(world, leaver, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    export = PersonalExport(person=world.owner, status="done", finished_at=timezone.now())
    export.file.save("promo-export.zip", ContentFile(b"PK private"), save=True)
    name = export.file.name
    _purge_at(world.owner.deactivated_at + 30 * DAY, django_capture_on_commit_callbacks)
    assert not PersonalExport.objects.filter(person=world.owner).exists()
    assert not default_storage.exists(name)


def test_one_audit_entry_counts_what_went_and_says_nothing_of_it(
    world, leaver, django_capture_on_commit_callbacks
):
    _purge_at(world.owner.deactivated_at + 30 * DAY, django_capture_on_commit_callbacks)
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.DELETED, subject_id=world.owner.pk)
    assert entry.actor is None
    assert "2 evidence" in entry.detail and "1 attachments" in entry.detail
    assert "1 tags" in entry.detail and "2 revisions" in entry.detail
    for private in ("Quiet reorg help", "Half-written", "diary.txt", "my private notes"):
        assert private not in entry.detail and private not in entry.target_label


def test_a_second_run_changes_nothing(world, leaver, django_capture_on_commit_callbacks):
    due = world.owner.deactivated_at + 30 * DAY
    assert _purge_at(due, django_capture_on_commit_callbacks) == 1
    entries, titles = AuditEntry.objects.count(), _titles(world.owner)
    assert _purge_at(due + DAY, django_capture_on_commit_callbacks) == 0
    assert AuditEntry.objects.count() == entries and _titles(world.owner) == titles


def test_someone_made_active_again_keeps_everything(
    world, leaver, django_capture_on_commit_callbacks
):
    deactivated_at = world.owner.deactivated_at
    _set_active(world, world.owner, True)
    world.owner.refresh_from_db()
    assert world.owner.deactivated_at is None
    before = _titles(world.owner)
    assert _purge_at(deactivated_at + 60 * DAY, django_capture_on_commit_callbacks) == 0
    assert _titles(world.owner) == before and default_storage.exists(leaver["secret_file"])


def test_deactivated_again_the_30_days_start_again(
    world, leaver, django_capture_on_commit_callbacks
):
    first = world.owner.deactivated_at
    _set_active(world, world.owner, True)
    _set_active(world, world.owner, False)
    world.owner.refresh_from_db()
    assert world.owner.deactivated_at > first
    assert _purge_at(first + 30 * DAY, django_capture_on_commit_callbacks) == 0
    assert _purge_at(world.owner.deactivated_at + 30 * DAY, django_capture_on_commit_callbacks)


def test_others_are_untouched(world, leaver, django_capture_on_commit_callbacks):
    saved_artifact(world.other_engineer, title="Ezra's secret", visibility="private")
    _purge_at(world.owner.deactivated_at + 30 * DAY, django_capture_on_commit_callbacks)
    assert _titles(world.other_engineer) == {"Ezra's secret"}
    assert not User.objects.exclude(pk=world.owner.pk).filter(private_data_deleted_at__isnull=False)


def test_the_deletion_runs_daily_from_the_database_schedule(db):
    task = PeriodicTask.objects.get(task="promo.portability.delete_leavers_private_data")
    assert task.enabled and (task.interval.every, task.interval.period) == (1, "days")


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_runs_on_a_real_worker(world, settings, tmp_path):
    """No eager mode: the task goes through the broker to a real worker, which deletes the
    leaver's private evidence and its file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    secret = saved_artifact(world.owner, title="Quiet reorg help", visibility="private")
    name = attached(secret, "diary.txt", b"my private notes").file.name
    _set_active(world, world.owner, False)
    User.objects.filter(pk=world.owner.pk).update(
        deactivated_at=timezone.now() - 30 * DAY - timedelta(minutes=1)
    )
    with publishing_to_a_queue_of_its_own("leaving") as queue:
        delete_leavers_private_data.delay()
    with start_worker(app, perform_ping_check=False, shutdown_timeout=10, queues=[queue]):
        deadline = time.monotonic() + 90
        while Artifact.all_objects.filter(pk=secret.pk).exists():
            assert time.monotonic() < deadline, "the worker did not delete it in 90 s"
            time.sleep(0.2)
    assert not default_storage.exists(name)
    assert User.objects.get(pk=world.owner.pk).private_data_deleted_at is not None


def _leavers(world, count):
    people = []
    for n in range(count):
        person = UserFactory(email=f"leaver{n}@example.com")
        saved_artifact(person, title=f"Secret {n}", visibility="private")
        person.is_active = False
        people.append(person_save(person=person, manager=None, by=world.staff))
    return people


def test_people_are_done_in_batches_until_none_is_left(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(leaving_purge, "PEOPLE_PER_BATCH", 2)
    people = _leavers(world, 5)
    assert _purge_at(timezone.now() + 30 * DAY, django_capture_on_commit_callbacks) == 5
    assert not Artifact.all_objects.filter(owner__in=people).exists()


def test_one_person_who_cannot_be_done_holds_up_nobody_else(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    first, second = _leavers(world, 2)
    real = leaving_purge.leaver_private_data_delete

    def failing_for_the_first(*, person_id, now):
        if person_id == first.pk:
            raise RuntimeError("storage is down")
        return real(person_id=person_id, now=now)

    monkeypatch.setattr(leaving_purge, "leaver_private_data_delete", failing_for_the_first)
    assert _purge_at(timezone.now() + 30 * DAY, django_capture_on_commit_callbacks) == 1
    assert _titles(first) == {"Secret 0"} and not _titles(second)
    monkeypatch.setattr(leaving_purge, "leaver_private_data_delete", real)
    assert _purge_at(timezone.now() + 31 * DAY, django_capture_on_commit_callbacks) == 1
    assert not _titles(first)
