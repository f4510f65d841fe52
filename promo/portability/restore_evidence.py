"""Recreating a person's evidence from an export: fields, relations, tags (mapped to the
target ladder by criterion slug), revisions, attachments and check-ins, with their
original dates. Rows are written directly, not through evidence.services: an import
restores a history (revisions, check-ins as they were), it does not make a new one."""

import hashlib
from datetime import date, datetime

from django.core.files.base import ContentFile

from evidence.models import (
    Artifact,
    ArtifactAttachment,
    ArtifactLink,
    ArtifactRevision,
    ArtifactTag,
)
from promo.models import ImpactCheckIn
from promo.portability.archive import ArchiveError
from promo.portability.document import ARTIFACT_FIELDS, CHECKIN_FIELDS

DATE_FIELDS = {"happened_on", "shipped_on", "planned_from", "due_on", "snoozed_until"}


def parsed(name, value):
    """An exported value back as the model field wants it."""
    if value is None or not isinstance(value, str):
        return value
    if name in DATE_FIELDS:
        return date.fromisoformat(value)
    if name.endswith("_at"):
        return datetime.fromisoformat(value)
    return value


def restore_evidence(entries, *, owner, people, teams, criteria, archive, stored):
    """Create every artifact of `entries`; returns {exported id: new id}. `stored`
    collects the storage names written, for the caller to delete if the import fails.
    Rows are written a kind at a time, so the queries do not grow with the evidence
    (only the files are stored one by one)."""
    artifacts = Artifact.all_objects.bulk_create(
        Artifact(owner=owner, **{name: parsed(name, entry[name]) for name in ARTIFACT_FIELDS})
        for entry in entries
    )
    pairs = list(zip(entries, artifacts, strict=True))
    _relations(pairs, people, teams)
    ArtifactLink.objects.bulk_create(
        ArtifactLink(artifact=artifact, label=link["label"], url=link["url"], position=n)
        for entry, artifact in pairs
        for n, link in enumerate(entry["links"])
    )
    ArtifactTag.objects.bulk_create(
        ArtifactTag(
            artifact=artifact,
            criterion_id=criteria[tag["criterion"]],
            strength=tag["strength"],
            rationale=tag["rationale"],
            created_at=parsed("created_at", tag["created_at"]),
        )
        for entry, artifact in pairs
        for tag in entry["tags"]
    )
    ArtifactRevision.objects.bulk_create(
        _revision(artifact, revision, people, teams)
        for entry, artifact in pairs
        for revision in entry["revisions"]
    )
    ImpactCheckIn.objects.bulk_create(
        ImpactCheckIn(
            artifact=artifact,
            recorded_by=owner if checkin["recorded_at"] else None,
            **{name: parsed(name, checkin[name]) for name in CHECKIN_FIELDS},
        )
        for entry, artifact in pairs
        for checkin in entry["checkins"]
    )
    for entry, artifact in pairs:
        for attachment in entry["attachments"]:
            _attachment(artifact, attachment, owner, archive, stored)
    return {entry["id"]: artifact.pk for entry, artifact in pairs}


def _relations(pairs, people, teams):
    """Teams touched and adopted, and collaborators, in one write for each."""
    for field, target, resolve in (
        ("teams_touched", "team", teams),
        ("teams_adopted", "team", teams),
        ("collaborators", "user", people),
    ):
        through = getattr(Artifact, field).through
        through.objects.bulk_create(
            through(artifact_id=artifact.pk, **{f"{target}_id": resolve(ref).pk})
            for entry, artifact in pairs
            for ref in entry[field]
        )


def _revision(artifact, revision, people, teams):
    snapshot = dict(revision["snapshot"])
    for field in ("teams_touched", "teams_adopted"):
        snapshot[field] = sorted(teams(name).pk for name in snapshot.get(field, []))
    snapshot["collaborators"] = sorted(people(ref).pk for ref in snapshot.get("collaborators", []))
    return ArtifactRevision(
        artifact=artifact,
        version=revision["version"],
        snapshot=snapshot,
        edited_by=people(revision["edited_by"]),
        created_at=parsed("created_at", revision["created_at"]),
    )


def _attachment(artifact, attachment, owner, archive, stored):
    member = attachment["file"]
    try:
        content = archive.read(member)
    except KeyError:
        raise ArchiveError(f"The zip lacks {member}, attached to “{artifact.title}”.") from None
    if hashlib.sha256(content).hexdigest() != attachment["sha256"]:
        raise ArchiveError(f"{member} does not match its SHA-256: the zip was altered.")
    row = ArtifactAttachment(
        artifact=artifact,
        original_name=attachment["name"],
        content_type=attachment["content_type"],
        size=attachment["size"],
        uploaded_by=owner,
        created_at=parsed("created_at", attachment["created_at"]),
    )
    row.file.save(attachment["name"], ContentFile(content), save=False)
    stored.append(row.file.name)
    row.save()
