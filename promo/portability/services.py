"""Writes of the portability domain: asking for a personal export or (staff) an export of
the organisation, packing it (the task calls this), and forgetting expired ones."""

import logging
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from promo.audit.services import audit_record
from promo.celery import publish_bounded
from promo.models import AuditEntry, User
from promo.portability.archive import pack_archive, write_archive
from promo.portability.models import DOWNLOAD_HOURS, PersonalExport
from promo.portability.organisation import organisation_document, shared_attachments

log = logging.getLogger(__name__)

BUILD_TASK = "promo.portability.build_export"
NOT_PUBLISHED = "promo could not start the export just now. Ask for it again in a minute."


def _publish(export_id):
    _, error = publish_bounded(BUILD_TASK, [(export_id,)])
    if error is not None:
        # Nothing is lost (an export only reads), so the person is told to ask again
        # rather than the job waiting for a relay.
        log.warning("broker unavailable, personal export %s not started: %r", export_id, error)
        PersonalExport.objects.filter(pk=export_id, status=PersonalExport.Status.QUEUED).update(
            status=PersonalExport.Status.FAILED, error=NOT_PUBLISHED, finished_at=timezone.now()
        )


def personal_export_request(*, person, via=""):
    """Queue an export of everything that is `person`'s; a worker packs it after commit.
    `via` says how they asked when not from their profile (their leaving link). Written
    to the audit log in the same transaction."""
    detail = "Personal export requested: evidence, check-ins, cases and promo docs"
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).values_list("pk").get()
        return _queue(
            person=person,
            scope=PersonalExport.Scope.PERSONAL,
            detail=f"{detail}, through {via}" if via else detail,
        )


def organisation_export_request(*, by):
    """Queue an export of the organisation for staff member `by`, who alone downloads it.
    Written to the audit log in the same transaction."""
    if not by.is_staff:
        raise PermissionDenied("Only staff export the organisation.")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=by.pk).values_list("pk").get()
        return _queue(
            person=by,
            scope=PersonalExport.Scope.ORGANISATION,
            detail="Organisation export requested: people, teams, ladders, shared evidence "
            "and cases",
        )


def _queue(*, person, scope, detail):
    """Inside the caller's transaction, with `person`'s row locked: the export of `scope`
    that `person` waits for already, or a new one, audited and published on commit."""
    # One at a time: asking again (a double click, a second tab) returns the one packing.
    waiting = PersonalExport.objects.filter(person=person, scope=scope).first()
    if waiting is not None and waiting.is_waited_for:
        return waiting
    export = PersonalExport.objects.create(person=person, scope=scope)
    audit_record(
        actor=person,
        action=AuditEntry.Action.DATA_EXPORTED,
        subject=person,
        target=export,
        detail=detail,
    )
    transaction.on_commit(lambda: _publish(export.pk))
    return export


def _archive(export, progress):
    """The zip and document for `export`, of its scope."""
    if export.scope == PersonalExport.Scope.ORGANISATION:
        return pack_archive(
            shared_attachments(),
            lambda files: organisation_document(files=files),
            progress=progress,
        )
    return write_archive(export.person, progress=progress)


def _claim(export_id):
    """The export, moved from queued to running under a row lock; None if it is gone or
    was claimed already (a task delivered twice packs once)."""
    with transaction.atomic():
        export = PersonalExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != PersonalExport.Status.QUEUED:
            return None
        export.status = PersonalExport.Status.RUNNING
        export.save(update_fields=["status"])
    return PersonalExport.objects.select_related("person").get(pk=export_id)


def personal_export_build(*, export_id):
    """Pack the export's zip, storing progress as it goes. Idempotent (see _claim)."""
    export = _claim(export_id)
    if export is None:
        return

    def progress(percent):
        PersonalExport.objects.filter(pk=export_id).update(progress=percent)

    try:
        archive, _ = _archive(export, progress)
        with archive:
            export.file.save(f"{uuid.uuid4().hex}.zip", File(archive), save=False)
            export.size = export.file.size
    except Exception as error:  # noqa: BLE001 - any failure is shown to the person, not retried
        PersonalExport.objects.filter(pk=export_id).update(
            status=PersonalExport.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    PersonalExport.objects.filter(pk=export_id).update(
        status=PersonalExport.Status.DONE,
        progress=100,
        file=export.file.name,
        size=export.size,
        finished_at=timezone.now(),
    )


def personal_exports_purge_expired(*, now=None):
    """Delete exports past their download window, files first. Returns how many rows."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=DOWNLOAD_HOURS)
    # A lost export (never finished) goes after the same time from when it was asked for.
    expired = PersonalExport.objects.filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    )
    for export in expired.exclude(file=""):
        export.file.delete(save=False)
    count, _ = expired.delete()
    return count
