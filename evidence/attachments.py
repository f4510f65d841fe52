"""Files attached to an artifact, kept through Django's storage API.

The limits are checked before anything is stored, and each refusal says what to do.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from evidence.models import Artifact, ArtifactAttachment

# Extension -> the content type we serve it back as. Anything else is refused: no HTML,
# no SVG, nothing a browser would run.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".txt": "text/plain",
    ".md": "text/plain",
    ".csv": "text/csv",
}
MAX_ATTACHMENTS = 20


def validate_upload(upload):
    """The content type to store `upload` under, or ValidationError saying why not."""
    limit = settings.EVIDENCE_ATTACHMENT_MAX_BYTES
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        kinds = ", ".join(sorted(ALLOWED_TYPES))
        raise ValidationError(f"“{upload.name}” is not a file type promo keeps. Allowed: {kinds}.")
    if upload.size > limit:
        raise ValidationError(
            f"“{upload.name}” is {filesizeformat(upload.size)}; "
            f"attachments can be at most {filesizeformat(limit)}. "
            "Link to a larger file instead."
        )
    return ALLOWED_TYPES[suffix]


def attachment_add(*, artifact, upload, by):
    """Store `upload` on `artifact` after checking its type, its size and the count.

    The count and the insert happen under a lock on the artifact's row: counted without
    it, parallel uploads each saw room for one more and together passed the limit.
    """
    content_type = validate_upload(upload)
    name = PurePath(upload.name).name[-200:]
    with transaction.atomic():
        Artifact.all_objects.select_for_update().filter(pk=artifact.pk).values_list("pk").get()
        if ArtifactAttachment.objects.filter(artifact_id=artifact.pk).count() >= MAX_ATTACHMENTS:
            raise ValidationError(
                f"“{name}” was not attached: an artifact can have at most {MAX_ATTACHMENTS} "
                "attachments. Remove one first, or link to the file instead."
            )
        attachment = ArtifactAttachment(
            artifact=artifact,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(name, upload, save=False)
        # The file is stored before the row: if the row cannot be written, remove the file.
        try:
            attachment.save()
        except Exception:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def attachment_remove(*, attachment):
    """Delete the row and the stored file."""
    file = attachment.file
    attachment.delete()
    file.storage.delete(file.name)
