"""The organisation export as one JSON-able document, for staff: backup or migration.

The same format and version as the personal export, with "scope": "organisation". It
carries what the organisation shares: people, teams and ladders, and each person's cases
(gaps and outcomes). Of evidence it carries only what its owner lets their manager read
(evidence.access.shared_with_managers): never private evidence, never drafts, and not the
revision history either, since earlier versions may predate the sharing. Promo documents
and their reviews stay personal (the person's own export carries them).

Every section is read in a fixed number of queries, whatever the number of people.
"""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from evidence.access import shared_with_managers
from evidence.models import Artifact, ArtifactAttachment
from promo.ladders.yaml_io import ladder_data
from promo.models import Candidacy, Ladder, MentorAssignment, Team, User
from promo.portability.document import candidacy_entry, evidence_entries, with_evidence_details
from promo.portability.portable import FORMAT, ORGANISATION_SCOPE, VERSION, when


def shared_evidence():
    """Every live artifact the organisation export carries."""
    return shared_with_managers(Artifact.objects.all())


def shared_attachments():
    """The files of that evidence, packed beside the document."""
    return ArtifactAttachment.objects.filter(artifact__in=shared_evidence())


def organisation_document(*, files, now=None):
    """The export of the organisation. `files` maps attachment ids to (zip member, sha256)."""
    evidence = _evidence_by_owner(files)
    candidacies = _candidacies_by_person()
    return {
        "format": FORMAT,
        "version": VERSION,
        "scope": ORGANISATION_SCOPE,
        "exported_at": when(now or timezone.now()),
        "teams": [{"name": t.name, "description": t.description} for t in Team.objects.all()],
        "ladders": [ladder_data(ladder) for ladder in Ladder.objects.order_by("slug")],
        "people": [
            _person(person, evidence.get(person.pk, []), candidacies.get(person.pk, []))
            for person in _people()
        ],
    }


def _people():
    return (
        User.objects.select_related("team", "manager", "ladder", "level")
        .prefetch_related(
            Prefetch(
                "mentor_links",
                MentorAssignment.objects.select_related("mentor").order_by("mentor__email"),
            )
        )
        .order_by("email")
    )


def _person(person, evidence, candidacies):
    return {
        "name": person.display_name,
        "email": person.email,
        "active": person.is_active,
        "staff": person.is_staff,
        "time_zone": person.time_zone,
        "team": person.team.name if person.team else None,
        "ladder": person.ladder.slug if person.ladder else None,
        "level": person.level.code if person.level else None,
        "manager": person.manager.email if person.manager else None,
        "mentors": [link.mentor.email for link in person.mentor_links.all()],
        "evidence": evidence,
        "candidacies": candidacies,
    }


def _evidence_by_owner(files):
    artifacts = list(with_evidence_details(shared_evidence()))
    entries = evidence_entries(artifacts, files, slugs={})
    by_owner = defaultdict(list)
    for artifact, entry in zip(artifacts, entries, strict=True):
        by_owner[artifact.owner_id].append(entry | {"revisions": []})
    return by_owner


def _candidacies_by_person():
    candidacies = (
        Candidacy.objects.select_related("ladder", "from_level", "target_level")
        .prefetch_related("submissions__decided_by", "gaps__criterion", "gaps__opened_by")
        .order_by("created_at", "id")
    )
    by_person = defaultdict(list)
    for candidacy in candidacies:
        by_person[candidacy.person_id].append(candidacy_entry(candidacy) | {"document": None})
    return by_person
