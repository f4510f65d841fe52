"""Keeping snapshots fresh: when someone's readiness facts change, their snapshot is
recomputed by a Celery task after the transaction commits.

The facts are their evidence (artifacts, revisions, tags), check-ins, candidacies and
gaps, mentor verdicts, and the person row itself (ladder, level, manager). The owner is
looked up inside the on-commit callback, so the change's own transaction pays nothing for
it. Requests go through an outbox (promo/dashboards/outbox.py): a broker outage delays a
refresh, never loses it, and costs the request at most one short timeout a minute.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)

# Saving only these columns of a person changes nothing a snapshot shows (a login writes
# last_login), so it requests no refresh.
FIELDS_NOT_IN_SNAPSHOTS = frozenset({"last_login", "password"})


def _request(lookup):
    from promo.dashboards.outbox import refresh_request

    try:
        person_ids = {pid for pid in lookup() if pid}
        if person_ids:
            refresh_request(person_ids=person_ids)
    except Exception:  # the change is committed: never fail its request over a refresh
        log.exception("could not request a snapshot refresh; the hourly refresh covers it")


def queue_refresh(lookup):
    """Request a refresh of the people `lookup()` names once the current transaction
    commits (never, if it rolls back). Requests for one person coalesce into one outbox
    row, and the task is idempotent, so a person queued twice costs only time."""
    transaction.on_commit(lambda: _request(lookup))


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
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= FIELDS_NOT_IN_SNAPSHOTS:
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
