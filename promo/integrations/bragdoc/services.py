"""Brag-doc import: read a document against the person's ladder, then import the wins
they ticked as evidence, each at most once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from evidence.models import ArtifactTag
from evidence.services import artifact_create, taggable_criteria
from promo.integrations.bragdoc.models import ImportedWin
from promo.integrations.bragdoc.parser import MAX_WINS, parse_bragdoc
from promo.models import User


def _today_for(owner, now=None):
    return timezone.localdate(now or timezone.now(), timezone=owner.zone)


def bragdoc_read(*, owner, text, now=None):
    """The wins `text` holds, read against the owner's criteria with dates relative to
    their own today, each marked `imported` when the owner imported it before.

    Raises ValidationError when there is nothing to import, or more than one form holds.
    """
    criteria = taggable_criteria(owner).only("pk", "slug", "name")
    doc = parse_bragdoc(text, criteria=criteria, today=_today_for(owner, now))
    if not doc.wins:
        raise ValidationError(
            "No wins found. promo reads each bullet (a line starting with “-”, “*” or "
            "“1.”) as one win, under headings such as “## March 2026”."
        )
    if len(doc.wins) > MAX_WINS:
        raise ValidationError(
            f"This document has {len(doc.wins)} wins; promo imports at most {MAX_WINS} at "
            "a time. Split it, by year for example, and import each part."
        )
    done = _imported_keys(owner, [win.key for win in doc.wins])
    for win in doc.wins:
        win.imported = win.key in done
    return doc


def _imported_keys(owner, keys):
    return set(ImportedWin.objects.filter(owner=owner, key__in=keys).values_list("key", flat=True))


@transaction.atomic
def bragdoc_import(*, owner, doc, keys, now=None):
    """Import the wins of `doc` whose keys are in `keys` as the owner's evidence.

    A win with a recognised criterion counts at once, tagged as a signal; one without is a
    draft to finish, as with quick capture. Wins imported before (by another tab, even
    moments ago) are skipped, so the same win never becomes two artifacts. Returns the
    new artifacts, in the document's order.
    """
    # One import at a time per person: the second waits here, then sees the first's keys.
    User.objects.select_for_update().filter(pk=owner.pk).values_list("pk").get()
    wanted = [win for win in doc.wins if win.key in keys and not win.repeat]
    done = _imported_keys(owner, [win.key for win in wanted])
    today = _today_for(owner, now)
    created = []
    for win in wanted:
        if win.key in done:
            continue
        artifact = artifact_create(
            owner=owner,
            data={
                "title": win.short_title(),
                "body": win.body(),
                "happened_on": win.happened_on or today,
                "is_draft": not win.counts,
                "links": win.links,
            },
        )
        ArtifactTag.objects.bulk_create(
            ArtifactTag(artifact=artifact, criterion=criterion) for criterion in win.criteria
        )
        created.append(ImportedWin(owner=owner, key=win.key, artifact=artifact))
    ImportedWin.objects.bulk_create(created)
    return [row.artifact for row in created]
