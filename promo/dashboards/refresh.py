"""Keeping snapshots fresh: when someone's readiness facts change, their snapshot is
recomputed by a Celery task after the transaction commits.

The facts are their evidence (artifacts, revisions, tags), check-ins, candidacies and
gaps, mentor verdicts, and the person row itself (ladder, level, manager). The owner is
looked up inside the on-commit callback, so a request pays no extra query for it. The
hourly beat task (`promo.snapshots_refresh_all`) catches whatever a lost message missed.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)


def _queue(lookup):
    from promo.celery import publish_bounded
    from promo.tasks import snapshot_refresh_task

    try:
        person_ids = sorted({pid for pid in lookup() if pid})
    except Exception:  # a row deleted meanwhile: the periodic refresh covers it
        log.warning("snapshot refresh lookup failed", exc_info=True)
        return
    _, error = publish_bounded(snapshot_refresh_task, [(pid,) for pid in person_ids])
    if error is not None:  # broker down: the hourly refresh of everyone catches up
        log.warning("could not queue snapshot refresh for %s: %r", person_ids, error)


def queue_refresh(lookup):
    """Refresh the people `lookup()` names once the current transaction commits (never,
    if it rolls back). The task is idempotent, so a person queued twice costs only time."""
    transaction.on_commit(lambda: _queue(lookup))


def _owners_of_artifacts(ids):
    from evidence.models import Artifact

    return lambda: list(
        Artifact.all_objects.filter(pk__in=ids).values_list("owner_id", flat=True).distinct()
    )


def _candidacy_people(ids):
    from promo.models import Candidacy

    return lambda: list(Candidacy.objects.filter(pk__in=ids).values_list("person_id", flat=True))


def _verdict_people(round_ids):
    from reviews.models import ReviewRound

    return lambda: list(
        ReviewRound.objects.filter(pk__in=round_ids).values_list(
            "document__candidacy__person_id", flat=True
        )
    )


def _person_of(sender, instance):
    """A zero-query callable naming whose facts `instance` is part of."""
    name = sender._meta.label
    if name == "promo.User":
        return lambda: [instance.pk]
    if name == "evidence.Artifact":
        return lambda: [instance.owner_id]
    if name == "promo.Candidacy":
        return lambda: [instance.person_id]
    if name in {"evidence.ArtifactTag", "evidence.ArtifactRevision", "promo.ImpactCheckIn"}:
        return _owners_of_artifacts([instance.artifact_id])
    if name == "promo.Gap":
        return _candidacy_people([instance.candidacy_id])
    if name == "reviews.Verdict":
        return _verdict_people([instance.round_id])
    return None


WATCHED = (
    "promo.User",
    "promo.Candidacy",
    "promo.Gap",
    "promo.ImpactCheckIn",
    "evidence.Artifact",
    "evidence.ArtifactTag",
    "evidence.ArtifactRevision",
    "reviews.Verdict",
)


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    lookup = _person_of(sender, instance)
    if lookup is not None:
        queue_refresh(lookup)


def connect():
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"snapshot-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"snapshot-delete-{label}")
