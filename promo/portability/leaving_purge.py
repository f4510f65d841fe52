"""What the organisation keeps of someone who left: only what they had shared.

LEAVING_DAYS after staff deactivate a person (the life of their leaving link), what only
they could ever see is deleted for good: their private evidence and their evidence drafts
(nobody else reads a draft, whatever its visibility), with tags, links, revisions,
check-ins, attachment files and the confirmations asked about it; the working draft of
each promo doc, put back to the last version they shared (empty if they shared none);
and the export zips they packed. Evidence shared with mentors or managers, cases, gaps,
submissions and every shared promo doc version with its review rounds stay.

Someone made active again before then keeps everything (their `deactivated_at` is
cleared). Each person is done in one transaction that stamps `private_data_deleted_at`,
so a second run finds nobody; one audit entry per person counts what went, never what
it said. Stored files are deleted after the commit.
"""

import logging
from collections import Counter
from datetime import timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from evidence.models import Artifact, ArtifactAttachment
from promo.audit.services import audit_record
from promo.models import AuditEntry, PersonalExport, User
from promo.org.models import LEAVING_DAYS
from promo.web.readiness_changed import readiness_changed
from reviews.models import DocumentVersion, PromoDocument

log = logging.getLogger(__name__)
PEOPLE_PER_BATCH = 50
ARTIFACTS_PER_BATCH = 500
# What the audit entry counts, by model label, in this order.
COUNTED = {
    "evidence.Artifact": "evidence",
    "evidence.ArtifactTag": "tags",
    "evidence.ArtifactLink": "links",
    "evidence.ArtifactRevision": "revisions",
    "evidence.ArtifactAttachment": "attachments",
    "promo.ImpactCheckIn": "check-ins",
    "promo.Attestation": "confirmation requests",
    "promo.ImportedWin": "imported wins",
}


def only_they_could_see(person_id):
    """The person's evidence nobody else could read: private, or a draft (trash included)."""
    return Artifact.all_objects.filter(
        Q(visibility=Artifact.Visibility.PRIVATE) | Q(is_draft=True), owner_id=person_id
    )


def leavers_due(now=None):
    """People deactivated at least LEAVING_DAYS ago whose private data is still here."""
    cutoff = (now or timezone.now()) - timedelta(days=LEAVING_DAYS)
    return User.objects.filter(
        is_active=False, deactivated_at__lte=cutoff, private_data_deleted_at__isnull=True
    )


def leavers_private_data_delete(*, now=None):
    """Delete the private data of every leaver who is due, PEOPLE_PER_BATCH at a time.
    Returns how many people were done. Idempotent: a second run finds nobody. One person
    who cannot be done is logged and left for the next run; the others are still done."""
    now = now or timezone.now()
    done, after = 0, 0
    while True:
        ids = list(
            leavers_due(now)
            .filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:PEOPLE_PER_BATCH]
        )
        for person_id in ids:
            try:
                done += leaver_private_data_delete(person_id=person_id, now=now)
            except Exception:  # noqa: BLE001 - rolled back; tomorrow's run tries again
                log.exception("could not delete the private data of leaver %s", person_id)
        if len(ids) < PEOPLE_PER_BATCH:
            return done
        after = ids[-1]


def leaver_private_data_delete(*, person_id, now=None):
    """Delete one leaver's private data if they are still due (checked under a lock, so a
    reactivation or another run in between wins). Returns 1 if done, else 0."""
    now = now or timezone.now()
    files = []
    with transaction.atomic():
        person = leavers_due(now).select_for_update().filter(pk=person_id).first()
        if person is None:
            return 0
        counts = _delete_evidence(person, files)
        counts["promo doc drafts"] = _reset_document_drafts(person, now)
        counts["export zips"] = _delete_exports(person, files)
        person.private_data_deleted_at = now
        person.save(update_fields=["private_data_deleted_at"])
        audit_record(
            actor=None,
            action=AuditEntry.Action.DELETED,
            subject=person,
            target=person,
            detail=_described(counts),
        )
        readiness_changed(person.pk)
        transaction.on_commit(lambda: _delete_files(person.pk, files))
    return 1


def _delete_evidence(person, files):
    counts = Counter()
    artifacts = only_they_could_see(person.pk).order_by("pk").values_list("pk", flat=True)
    while batch := list(artifacts[:ARTIFACTS_PER_BATCH]):
        attachments = ArtifactAttachment.objects.filter(artifact_id__in=batch)
        files += [name for name in attachments.values_list("file", flat=True) if name]
        _, deleted = Artifact.all_objects.filter(pk__in=batch).delete()
        counts.update(deleted)
    return {what: counts[label] for label, what in COUNTED.items()}


def _reset_document_drafts(person, now):
    """Each promo doc's working draft back to the last version shared (empty if none):
    the unshared edits were the person's alone."""
    reset = 0
    for document in PromoDocument.objects.filter(candidacy__person_id=person.pk):
        shared = DocumentVersion.objects.filter(document=document).order_by("-number").first()
        sections = shared.sections if shared else []
        if document.draft == sections:
            continue
        document.draft = sections
        document.draft_version += 1
        document.draft_saved_at = now
        document.save(update_fields=["draft", "draft_version", "draft_saved_at"])
        reset += 1
    return reset


def _delete_exports(person, files):
    """Export zips they packed hold their private evidence too."""
    exports = PersonalExport.objects.filter(
        person_id=person.pk, scope=PersonalExport.Scope.PERSONAL
    )
    files += [name for name in exports.values_list("file", flat=True) if name]
    return exports.delete()[0]


def _described(counts):
    parts = [f"{n} {what}" for what, n in counts.items() if n]
    removed = ", ".join(parts) if parts else "nothing private was left"
    return f"Deleted what only they could see, {LEAVING_DAYS} days after deactivation: {removed}"


def _delete_files(person_id, names):
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 - the rows are gone; a stray file is logged
            log.exception("could not delete %s of leaver %s", name, person_id)
