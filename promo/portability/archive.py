"""The export's zip: the JSON document, the brag document, and the attachment files.

Reading one back (for import) checks its size before opening it and its integrity before
trusting any member, and each refusal says what is wrong.
"""

import json
import tempfile
import zipfile
import zlib

from evidence.models import ArtifactAttachment
from promo.portability.brag import brag_markdown
from promo.portability.document import attachment_member, personal_document
from promo.portability.portable import (
    BRAG_NAME,
    FORMAT,
    JSON_NAME,
    ORGANISATION_SCOPE,
    PERSONAL_SCOPE,
    READABLE_VERSIONS,
)


class ArchiveError(Exception):
    """A file that cannot be imported; the message says why, for a person to read."""


def write_archive(person, progress=lambda percent: None, now=None):
    """A temporary file holding the zip of `person`'s export (rewound), and the document."""
    attachments = ArtifactAttachment.objects.filter(
        artifact__owner=person, artifact__deleted_at__isnull=True
    )
    return pack_archive(
        attachments,
        lambda files: personal_document(person, files=files, now=now),
        extras=lambda document: {BRAG_NAME: brag_markdown(document)},
        progress=progress,
    )


def pack_archive(attachments, build_document, *, extras=None, progress=lambda percent: None):
    """A temporary file holding a zip (rewound) of `attachments`, the JSON document that
    `build_document(files)` makes (files maps attachment ids to (member, sha256)), and any
    `extras(document)` members; and the document. Shared by every kind of export."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller reads and closes it
    attachments = list(attachments.order_by("id"))
    files = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, attachment in enumerate(attachments, start=1):
            with attachment.file.open("rb") as handle:
                content = handle.read()
            member, digest = attachment_member(attachment, content)
            if member not in archive.namelist():
                archive.writestr(member, content)
            files[attachment.pk] = (member, digest)
            progress(int(70 * done / len(attachments)))
        progress(75)
        document = build_document(files)
        progress(90)
        archive.writestr(JSON_NAME, json.dumps(document, indent=2, ensure_ascii=False))
        for name, text in (extras(document) if extras else {}).items():
            archive.writestr(name, text)
    out.seek(0)
    return out, document


def read_archive(path, *, max_bytes, scope=PERSONAL_SCOPE):
    """(document, open ZipFile) from the zip at `path`, or ArchiveError saying why not."""
    return open_archive(
        path, name=path.name, size=path.stat().st_size, max_bytes=max_bytes, scope=scope
    )


def open_archive(source, *, name, size, max_bytes, scope=PERSONAL_SCOPE):
    """(document, open ZipFile) from `source` (a path or a binary file, `size` bytes,
    called `name` in messages): an export of `scope` in a version this promo reads, or
    ArchiveError saying why not. Its size is checked before it is opened, its integrity
    before any member is trusted."""
    if size > max_bytes:
        raise ArchiveError(
            f"{name} is {size:,} bytes; an import can be at most {max_bytes:,} bytes "
            "(PORTABILITY_IMPORT_MAX_BYTES). Nothing was imported."
        )
    archive = _checked_zip(source, name, max_bytes)
    try:
        document = json.loads(archive.read(JSON_NAME))
    except KeyError:
        raise ArchiveError(f"{name} has no {JSON_NAME}: it is not a promo export.") from None
    except ValueError as error:
        raise ArchiveError(f"{JSON_NAME} in {name} is not valid JSON ({error}).") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ArchiveError(f'{name} is not a promo export (no "format": "{FORMAT}").')
    if document.get("scope", PERSONAL_SCOPE) != scope:
        raise ArchiveError(f"{name} {WRONG_SCOPE[scope]} Nothing was imported.")
    if document.get("version") not in READABLE_VERSIONS:
        readable = ", ".join(str(v) for v in READABLE_VERSIONS)
        raise ArchiveError(
            f"{name} is a promo export of version {document.get('version')!r}; "
            f"this promo reads version {readable} only. Nothing was imported."
        )
    return document, archive


# What a file of the other scope is, said to whoever expected `scope`.
WRONG_SCOPE = {
    PERSONAL_SCOPE: "is an export of the whole organisation, for backup or migration; an "
    "import takes one person's own export (from their profile).",
    ORGANISATION_SCOPE: "is one person's own export, not an export of the organisation (Admin "
    "→ Export); import it with manage.py import_person.",
}


def _checked_zip(source, name, max_bytes):
    try:
        archive = zipfile.ZipFile(source)
        # Before anything is decompressed: a small zip can unpack to a huge one.
        if sum(info.file_size for info in archive.infolist()) > max_bytes:
            raise ArchiveError(
                f"{name} unpacks to more than {max_bytes:,} bytes. Nothing was imported."
            )
        broken = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        raise ArchiveError(
            f"{name} is not a readable zip ({error}). Nothing was imported."
        ) from error
    if broken is not None:
        raise ArchiveError(
            f"{name} is corrupted: {broken} fails its checksum. Nothing was imported."
        )
    return archive
