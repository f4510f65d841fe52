"""Bringing a personal export into another promo: all or nothing, in one transaction.

The target ladder is the export's own (by slug) unless another is named; every criterion
the export names must exist in it by slug, or nothing is imported and the unknown slugs
are listed: a tag is never guessed onto another criterion. Other people are found by
email; someone unknown here becomes an inactive account with no password (name and email
only), so comments and reviewers keep their authors.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from promo.audit.services import audit_record
from promo.models import AuditEntry, Ladder, MentorAssignment, Team, User
from promo.portability.archive import ArchiveError
from promo.portability.portable import CRITERION_KEY_PREFIX
from promo.portability.restore_cases import restore_cases
from promo.portability.restore_evidence import parsed, restore_evidence


@dataclass
class ImportReport:
    person: object
    evidence: int = 0
    candidacies: int = 0
    placeholders: list = field(default_factory=list)  # emails of people made inactive


class PeopleByEmail:
    """Person references resolved by email, creating inactive placeholders as needed.
    `report.placeholders` collects the emails of the placeholders made."""

    def __init__(self, report):
        self.report, self.known = report, {}

    def __call__(self, ref):
        if ref is None:
            return None
        email = ref["email"].lower()
        if email not in self.known:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create(
                    email=email,
                    display_name=ref["name"],
                    is_active=False,
                    password=make_password(None),
                )
                self.report.placeholders.append(email)
            self.known[email] = user
        return self.known[email]


def _team(name):
    return Team.objects.get_or_create(name=name)[0]


def criteria_named(document):
    """Every criterion slug the export names: tags, gaps, promo doc sections and verdicts."""
    slugs = {tag["criterion"] for e in document["evidence"] for tag in e["tags"]}
    for candidacy in document["candidacies"]:
        slugs |= {gap["criterion"] for gap in candidacy["gaps"]}
        doc = candidacy["document"] or {"draft": [], "versions": []}
        sections = doc["draft"] + [s for v in doc["versions"] for s in v["sections"]]
        slugs |= {
            s["key"][len(CRITERION_KEY_PREFIX) :]
            for s in sections
            if s["key"].startswith(CRITERION_KEY_PREFIX)
        }
        rounds = doc.get("rounds", [])
        slugs |= {v["criterion"] for r in rounds for v in r.get("verdicts", [])}
    return slugs


def _target_ladder(document, ladder_slug):
    slug = ladder_slug or document["person"]["ladder"]
    ladder = Ladder.objects.filter(slug=slug).first() if slug else None
    if ladder is None:
        here = ", ".join(Ladder.objects.values_list("slug", flat=True)) or "none"
        raise ArchiveError(
            f"This promo has no ladder “{slug}” (it has: {here}). Name one with --ladder."
        )
    return ladder


def _person(document, ladder, people):
    data = document["person"]
    existing = User.objects.filter(email__iexact=data["email"]).first()
    if existing and (existing.artifacts.exists() or existing.candidacies.exists()):
        raise ArchiveError(f"{data['email']} already has evidence or a case here.")
    person = existing or User(email=data["email"].lower(), password=make_password(None))
    person.display_name, person.time_zone = data["name"], data["time_zone"]
    person.date_joined = parsed("date_joined", data["date_joined"])
    person.ladder = ladder
    person.level = ladder.levels.filter(code=data["level"]).first() if data["level"] else None
    person.team = _team(data["team"]) if data["team"] else None
    person.save()
    people.known[person.email] = person
    person.manager = people(data["manager"])
    person.save(update_fields=["manager"])
    for mentor in data["mentors"]:
        MentorAssignment.objects.get_or_create(mentor=people(mentor), mentee=person)
    return person


def person_import(*, document, archive, ladder_slug=None):
    """Recreate the exported person's data here; ArchiveError (nothing written, no file
    left in storage) when it cannot be done as a whole."""
    ladder = _target_ladder(document, ladder_slug)
    criteria = dict(ladder.criteria.values_list("slug", "id"))
    unknown = sorted(criteria_named(document) - set(criteria))
    if unknown:
        raise ArchiveError(
            f"The ladder “{ladder.slug}” has no criteria named {', '.join(unknown)}. "
            "Add them to it, or import into a ladder that has them. Nothing was imported."
        )
    with all_or_nothing() as stored, transaction.atomic():
        report = ImportReport(person=None)
        people = PeopleByEmail(report)
        report.person = person = _person(document, ladder, people)
        evidence_ids = restore_evidence(
            document["evidence"],
            owner=person,
            people=people,
            teams=_team,
            criteria=criteria,
            archive=archive,
            stored=stored,
        )
        restore_cases(
            document["candidacies"],
            person=person,
            ladder=ladder,
            people=people,
            criteria=criteria,
            evidence_ids=evidence_ids,
        )
        report.evidence, report.candidacies = len(evidence_ids), len(document["candidacies"])
        audit_record(
            actor=None,
            action=AuditEntry.Action.DATA_IMPORTED,
            subject=person,
            target=person,
            detail=f"Personal import: {report.evidence} pieces of evidence, "
            f"{report.candidacies} cases",
        )
    return report


@contextmanager
def all_or_nothing():
    """Around an import's transaction: yields a list for the storage names of the files it
    writes, deleted again if it fails; a document whose shape is not what its version
    promises becomes an ArchiveError saying so."""
    stored = []
    try:
        yield stored
    except Exception as error:
        for name in stored:
            default_storage.delete(name)
        if isinstance(error, (KeyError, TypeError, ValueError, AttributeError)):
            raise ArchiveError(
                f"The export does not have the shape its version promises ({error!r}). "
                "Nothing was imported."
            ) from error
        if isinstance(error, IntegrityError):
            # A file that repeats itself (a mentor listed twice), or someone added here
            # by another import at the same moment.
            raise ArchiveError(
                f"The export conflicts with itself or with what was just added here "
                f"({str(error).splitlines()[0]}). Nothing was imported."
            ) from error
        raise
