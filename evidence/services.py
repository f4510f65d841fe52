"""Writes to evidence: every change to an artifact goes through one of these."""

from datetime import timedelta
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils import timezone

from evidence.capture import parse_capture
from evidence.models import (
    TRASH_DAYS,
    UNDO_SECONDS,
    Artifact,
    ArtifactLink,
    ArtifactRevision,
    ArtifactTag,
)
from evidence.revisions import (
    M2M_FIELDS,
    SCALAR_FIELDS,
    data_from_snapshot,
    snapshot_from_data,
    snapshot_of,
)
from promo.audit.services import audit_record
from promo.candidacies.targets import target_ladder_sql
from promo.models import AuditEntry, Criterion, User
from promo.readiness.checkins.services import checkins_plan_for
from promo.web.lookups import CompiledQuery
from promo.web.readiness_changed import readiness_changed


class ArtifactConflict(Exception):
    """The artifact was saved elsewhere after the form was opened."""

    def __init__(self, current):
        super().__init__(f"Artifact {current.pk} is at version {current.version}.")
        self.current = current


# A target level not looked up yet (None means the person has none).
UNKNOWN = object()


def taggable_criteria(owner, *, target=UNKNOWN):
    """Criteria an owner's evidence is tagged against: their target level's ladder.
    `target`: their target level when the caller has it already (None for none)."""
    if target is UNKNOWN:
        # Their target's ladder asked inside the criteria's own query: looking the open
        # candidacy and the next level up first was most of a quick capture's reading.
        ladder = RawSQL(*target_ladder_sql(owner))  # noqa: S611 - every value is a parameter
        return Criterion.objects.filter(ladder_id=ladder)
    if target is None:
        return Criterion.objects.none()
    return Criterion.objects.filter(ladder_id=target.ladder_id)


def tags_fingerprint(tags):
    """The tags as one comparable string ("criterion:strength", by criterion): an edit form
    carries the one it was opened with, so a tag changed meanwhile is a conflict."""
    return ",".join(sorted(f"{tag.criterion_id}:{tag.strength}" for tag in tags))


def _apply_strengths(artifact, strengths, *, new=False):
    """Tag, re-rate or untag from {criterion_pk: strength, or "" for none}. Criteria not
    named keep their tags; a re-rated tag keeps its rationale."""
    allowed = set(
        taggable_criteria(artifact.owner).filter(pk__in=strengths).values_list("pk", flat=True)
    )
    if unknown := set(strengths) - allowed:
        raise ValidationError(
            f"{len(unknown)} of the criteria are not on your target level's ladder."
        )
    existing = {}
    if not new:
        existing = {t.criterion_id: t for t in artifact.tags.filter(criterion_id__in=strengths)}
    added, changed, removed = [], [], []
    for criterion_id, strength in strengths.items():
        tag = existing.get(criterion_id)
        if not strength:
            if tag:
                removed.append(tag.pk)
        elif tag is None:
            added.append(
                ArtifactTag(artifact=artifact, criterion_id=criterion_id, strength=strength)
            )
        elif tag.strength != strength:
            tag.strength = strength
            changed.append(tag)
    if added:
        ArtifactTag.objects.bulk_create(added)
    if changed:
        ArtifactTag.objects.bulk_update(changed, ["strength"])
    if removed:
        ArtifactTag.objects.filter(pk__in=removed).delete()


def _lock(artifact_id):
    """Hold the artifact's row until commit, so a tag change and an edit of the same
    artifact happen one after the other and the edit's tag check sees the change."""
    list(Artifact.all_objects.select_for_update().filter(pk=artifact_id).values_list("pk"))


def _checked_links(links):
    """Links are shown as <a href>, so only http(s) addresses are ever stored."""
    validate = URLValidator(schemes=["http", "https"])
    for _, url in links:
        validate(url)
    return links


def _apply_relations(artifact, data, *, new=False):
    """Set the relations `data` sends; a `new` artifact has none yet to replace."""
    for name in M2M_FIELDS:
        if name in data and not (new and not data[name]):  # nothing to clear on a new one
            getattr(artifact, name).set(data[name])
    if "links" in data:
        if not new:
            artifact.links.all().delete()
        ArtifactLink.objects.bulk_create(
            ArtifactLink(artifact=artifact, label=label, url=url, position=i)
            for i, (label, url) in enumerate(_checked_links(data["links"]))
        )


def _audience(visibility, is_draft):
    """How widely an artifact is readable: 0 for the owner only, higher for wider."""
    if is_draft:
        return 0
    return Artifact.Visibility.values.index(visibility)


def _record_revision(artifact, by, *, snapshot=None):
    """The artifact's revision at its current version. Without `snapshot`, the artifact
    is read back with its relations, as an update may have sent only some of them."""
    if snapshot is None:
        artifact = Artifact.all_objects.prefetch_related(*M2M_FIELDS, "links").get(pk=artifact.pk)
        snapshot = snapshot_of(artifact)
    return ArtifactRevision.objects.create(
        artifact=artifact, version=artifact.version, snapshot=snapshot, edited_by=by
    )


def _first_snapshot(artifact, data):
    """A new artifact's snapshot from the saved instance and the relations just written,
    the same as snapshot_of would read back, without reading it back (five queries)."""
    snapshot = snapshot_from_data({**data, **{k: getattr(artifact, k) for k in SCALAR_FIELDS}})
    for name in M2M_FIELDS:  # .set() drops repeats
        snapshot[name] = sorted(set(snapshot[name]))
    return snapshot


@transaction.atomic
def artifact_create(*, owner, data, by=None):
    """A new artifact from `data` (its fields, `links` as (label, url) pairs, team /
    collaborator lists, and `tags` as {criterion_pk: strength}), with its first revision."""
    artifact = Artifact.objects.create(
        owner=owner, **{k: v for k, v in data.items() if k in SCALAR_FIELDS}
    )
    _apply_relations(artifact, data, new=True)
    if data.get("tags"):
        _apply_strengths(artifact, data["tags"], new=True)
    _record_revision(artifact, by or owner, snapshot=_first_snapshot(artifact, data))
    if artifact.shipped_on is not None:  # unshipped, a new artifact has no check-ins to plan
        checkins_plan_for(artifact)
    readiness_changed(owner.pk)
    return artifact


@transaction.atomic
def artifact_update(*, artifact, data, expected_version, by, expected_tags=None):
    """Save `data` over `artifact` if nobody saved it since `expected_version`.

    The version check and bump are one UPDATE, so two tabs can never both win: the
    loser gets ArtifactConflict carrying the artifact as it now stands. `data["tags"]`
    ({criterion_pk: strength}) re-tags it; tags are not versioned, so `expected_tags`
    (tags_fingerprint of the tags the form showed) is checked under the same row lock.
    """
    scalars = {k: v for k, v in data.items() if k in SCALAR_FIELDS}
    before = _audience(artifact.visibility, artifact.is_draft)
    now = timezone.now()
    updated = Artifact.all_objects.filter(pk=artifact.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=now, **scalars
    )
    if not updated or (
        expected_tags is not None
        and tags_fingerprint(ArtifactTag.objects.filter(artifact_id=artifact.pk)) != expected_tags
    ):
        raise ArtifactConflict(Artifact.all_objects.select_related("owner").get(pk=artifact.pk))
    artifact.refresh_from_db()
    _apply_relations(artifact, data)
    if data.get("tags"):
        _apply_strengths(artifact, data["tags"])
    _record_revision(artifact, by)
    if _audience(artifact.visibility, artifact.is_draft) > before:
        audit_record(
            actor=by,
            action=AuditEntry.Action.SHARED,
            subject=artifact.owner,
            target=artifact,
            detail=f"Visibility: {artifact.get_visibility_display()}",
        )
    checkins_plan_for(artifact)
    readiness_changed(artifact.owner_id)
    return artifact


@transaction.atomic
def artifact_restore_revision(*, artifact, revision, by):
    """Make an old revision the newest one (history is never rewritten). Its check-ins
    are re-planned by artifact_update."""
    if revision.artifact_id != artifact.pk:
        raise ValidationError("That revision belongs to another artifact.")
    data = data_from_snapshot(revision.snapshot)
    old_version = revision.version
    artifact = artifact_update(
        artifact=artifact, data=data, expected_version=artifact.version, by=by
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.RESTORED,
        subject=artifact.owner,
        target=artifact,
        detail=f"Restored version {old_version} as version {artifact.version}",
    )
    return artifact


@transaction.atomic
def artifact_trash(*, artifact, by):
    """Move to the trash; restorable for TRASH_DAYS days. Pending check-ins go with it."""
    artifact.deleted_at = timezone.now()
    artifact.save(update_fields=["deleted_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        subject=artifact.owner,
        target=artifact,
        detail="Moved to the trash",
    )
    checkins_plan_for(artifact)
    readiness_changed(artifact.owner_id)
    return artifact


@transaction.atomic
def artifact_restore(*, artifact, by):
    """Take an artifact back out of the trash, and plan its check-ins again."""
    if artifact.deleted_at is None:
        return artifact
    if artifact.deleted_at < timezone.now() - timedelta(days=TRASH_DAYS):
        raise ValidationError(f"This artifact was deleted more than {TRASH_DAYS} days ago.")
    artifact.deleted_at = None
    artifact.save(update_fields=["deleted_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.RESTORED,
        subject=artifact.owner,
        target=artifact,
        detail="Taken out of the trash",
    )
    checkins_plan_for(artifact)
    readiness_changed(artifact.owner_id)
    return artifact


def artifact_purge_expired(*, now=None):
    """Delete, for good, artifacts trashed more than TRASH_DAYS days ago (and their files).

    Returns how many were purged. Safe to run twice: the second run finds nothing.
    """
    cutoff = (now or timezone.now()) - timedelta(days=TRASH_DAYS)
    expired = Artifact.all_objects.filter(deleted_at__lt=cutoff)
    purged = 0
    for artifact in expired.select_related("owner").prefetch_related("attachments"):
        files = [a.file for a in artifact.attachments.all()]
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditEntry.Action.DELETED,
                subject=artifact.owner,
                target=artifact,
                detail=f"Purged for good after {TRASH_DAYS} days in the trash",
            )
            artifact.tags.all().delete()
            artifact.delete()
        for file in files:
            file.storage.delete(file.name)
        purged += 1
    return purged


def _check_criterion(artifact, criterion):
    if not taggable_criteria(artifact.owner).filter(pk=criterion.pk).exists():
        raise ValidationError(f"{criterion} is not a criterion of your target level's ladder.")


@transaction.atomic
def artifact_tag(*, artifact, criterion, strength, rationale=""):
    """Cite `artifact` against `criterion`; tagging it again re-rates the existing tag."""
    _check_criterion(artifact, criterion)
    _lock(artifact.pk)
    tag, _ = ArtifactTag.objects.update_or_create(
        artifact=artifact,
        criterion=criterion,
        defaults={"strength": strength, "rationale": rationale.strip()},
    )
    readiness_changed(artifact.owner_id)
    return tag


@transaction.atomic
def artifact_retag(*, tag, strength, rationale):
    """Change a tag's strength and rationale."""
    _lock(tag.artifact_id)
    tag.strength = strength
    tag.rationale = rationale.strip()
    tag.save(update_fields=["strength", "rationale"])
    readiness_changed(tag.artifact.owner_id)
    return tag


@transaction.atomic
def artifact_untag(*, tag):
    _lock(tag.artifact_id)
    tag.delete()
    readiness_changed(tag.artifact.owner_id)


# The criteria a quick-capture line is read against, compiled once: it is read on every
# keystroke's preview and every capture.
_TAGGABLE_NAMES = CompiledQuery(
    lambda person, level: Criterion.objects.filter(
        ladder_id=RawSQL(*target_ladder_sql(SimpleNamespace(pk=person, level_id=level)))  # noqa: S611 - parameters
    ).only("pk", "slug", "name")
)


def capture_read(*, owner, line, now=None):
    """What one quick-capture line says, read against the owner's criteria and the people
    they could have worked with, with dates relative to today in the owner's time zone."""
    people = User.objects.none()
    if "@" in line:
        people = (
            User.objects.filter(is_active=True)
            .exclude(pk=owner.pk)
            .only("pk", "email", "display_name")
        )
    return parse_capture(
        line,
        # No level is id 0: a person without one has no target (target_ladder_sql).
        criteria=_TAGGABLE_NAMES(person=owner.pk, level=owner.level_id or 0),
        people=people,
        today=timezone.localdate(now or timezone.now(), timezone=owner.zone),
    )


@transaction.atomic
def quick_capture(*, owner, capture):
    """An artifact from a read capture line, with its tags, in one step.

    Tagged and not marked `!draft`, it counts at once; otherwise it is a draft to finish
    later. Tags carry the line's strength.
    """
    title = capture.title
    if not title:
        raise ValidationError("Write a few words about what you did, not only tags.")
    max_length = Artifact._meta.get_field("title").max_length
    body = ""
    if len(title) > max_length:
        title, body = title[: max_length - 1] + "…", title
    data = {
        "title": title,
        "body": body,
        "is_draft": not capture.counts,
        "happened_on": capture.happened_on or timezone.localdate(timezone=owner.zone),
        "links": capture.links,
        "collaborators": capture.collaborators,
    }
    artifact = artifact_create(owner=owner, data=data)
    ArtifactTag.objects.bulk_create(
        ArtifactTag(artifact=artifact, criterion=c, strength=capture.strength)
        for c in capture.criteria
    )
    return artifact


@transaction.atomic
def quick_capture_undo(*, artifact, by, now=None):
    """Take back a capture made moments ago: it goes to the trash, like any deletion."""
    if not artifact.capture_undoable(now=now):
        raise ValidationError(
            f"“{artifact.title}” was saved more than {UNDO_SECONDS} seconds ago, so it can no "
            "longer be undone here. Delete it from its page if you need to."
        )
    return artifact_trash(artifact=artifact, by=by)
