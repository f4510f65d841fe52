"""Bringing an organisation export into another promo, for a migration: all or nothing,
in one transaction, after organisation_checks found nothing wrong with the file.

Ladders the promo lacks are created from the file; teams are found or created by name;
people are created with their team, ladder, level, manager and mentors, each with no
usable password (they sign in through single sign-on, "Forgotten password" or an
invitation); then each person's shared evidence (tags mapped by criterion slug, files
checked against their SHA-256) and cases with their submissions and gaps. Staff status
comes across only when an operator (the command) or a superuser imports.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from promo.audit.services import audit_record
from promo.ladders.services import ladder_load
from promo.models import AuditEntry, Ladder, MentorAssignment, Team, User
from promo.portability.importing import PeopleByEmail, all_or_nothing
from promo.portability.org_checks import criteria_for_owner, organisation_checks
from promo.portability.restore_cases import restore_cases
from promo.portability.restore_evidence import restore_evidence
from promo.web.readiness_changed import readiness_changed


@dataclass
class OrgImportReport:
    people: int = 0
    teams_created: list = field(default_factory=list)
    ladders_created: list = field(default_factory=list)
    ladders_kept: list = field(default_factory=list)
    evidence: int = 0
    candidacies: int = 0
    placeholders: list = field(default_factory=list)  # emails of people made inactive
    staff_not_granted: list = field(default_factory=list)  # staff in the file, not here

    def summary(self):
        """One line saying what was imported, for the audit log and the messages."""
        return (
            f"{self.people} people, {len(self.teams_created)} new teams, "
            f"{len(self.ladders_created)} new ladders, {self.evidence} pieces of shared "
            f"evidence, {self.candidacies} cases"
        )

    def lines(self):
        """What was imported and what to do next, a sentence a line."""
        lines = [f"Imported {self.summary()}."]
        if self.ladders_kept:
            kept = ", ".join(self.ladders_kept)
            lines.append(f"Ladders already here, the same as the file's, were kept: {kept}.")
        if self.placeholders:
            lines.append(
                "People the file names but does not carry were added as inactive accounts: "
                + ", ".join(sorted(self.placeholders))
                + "."
            )
        if self.staff_not_granted:
            lines.append(
                "Staff in the file, imported without staff status (a superuser grants it on "
                "their page): " + ", ".join(self.staff_not_granted) + "."
            )
        lines.append(
            "Nobody imported has a password yet: they sign in through single sign-on, "
            "“Forgotten password”, or an invitation from Admin → People."
        )
        return lines


class TeamsByName:
    """Teams by name: found here, or created (with the file's description) on first use."""

    def __init__(self, entries, report):
        self.report = report
        self.descriptions = {team["name"]: team["description"] for team in entries}
        self.known = {team.name: team for team in Team.objects.filter(name__in=self.descriptions)}

    def __call__(self, name):
        if name not in self.known:
            self.known[name] = Team.objects.create(
                name=name, description=self.descriptions.get(name, "")
            )
            self.report.teams_created.append(name)
        return self.known[name]


def organisation_import(*, document, archive, by=None):
    """Recreate the exported organisation here. `by` is the staff member importing, None
    for an operator. ArchiveError (nothing written, no file left in storage) when the
    file cannot be imported as a whole; written to the audit log with its counts."""
    with all_or_nothing() as stored, transaction.atomic():
        plan = organisation_checks(document)
        report = OrgImportReport(ladders_kept=plan.kept_ladders)
        for spec in plan.new_ladders:
            ladder_load(spec=spec, by=by)
            report.ladders_created.append(spec.slug)
        teams = TeamsByName(document["teams"], report)
        for entry in document["teams"]:
            teams(entry["name"])
        people = PeopleByEmail(report)
        users = _people(document["people"], teams, people, by=by, report=report)
        target = _Target(people=people, teams=teams, archive=archive, stored=stored)
        for data, user in zip(document["people"], users, strict=True):
            _restore_person(data, user, target, report)
        audit_record(
            actor=by,
            action=AuditEntry.Action.DATA_IMPORTED,
            detail=f"Organisation import: {report.summary()}.",
        )
        readiness_changed(*(user.pk for user in users))
    return report


def _people(entries, teams, people, *, by, report):
    """The file's people, created in one write, then their managers and mentors."""
    levels = {
        (ladder.slug, level.code): level
        for ladder in Ladder.objects.prefetch_related("levels")
        for level in ladder.levels.all()
    }
    ladders = {ladder.slug: ladder for ladder in Ladder.objects.all()}
    grants_staff = by is None or by.is_superuser
    users = User.objects.bulk_create(
        User(
            email=data["email"],
            display_name=data["name"],
            is_active=data["active"],
            is_staff=data["staff"] and grants_staff,
            # Files written before people's zones were exported: UTC, as a new account gets.
            time_zone=data.get("time_zone", "UTC"),
            team=teams(data["team"]) if data["team"] else None,
            ladder=ladders.get(data["ladder"]),
            level=levels.get((data["ladder"], data["level"])),
            password=make_password(None),
        )
        for data in entries
    )
    report.people = len(users)
    report.staff_not_granted = [d["email"] for d in entries if d["staff"] and not grants_staff]
    people.known |= {user.email.lower(): user for user in users}
    for data, user in zip(entries, users, strict=True):
        user.manager = people.known[data["manager"].lower()] if data["manager"] else None
    User.objects.bulk_update(users, ["manager"])
    MentorAssignment.objects.bulk_create(
        MentorAssignment(mentor=people.known[email.lower()], mentee=user, created_by=by)
        for data, user in zip(entries, users, strict=True)
        for email in data["mentors"]
    )
    return users


@dataclass
class _Target:
    """Where one person's evidence and cases go: the people and teams resolved so far,
    the ladders and their criteria by slug, and the zip the files come from."""

    people: PeopleByEmail
    teams: TeamsByName
    archive: object
    stored: list
    ladders: dict = field(default_factory=dict)  # {slug: Ladder}
    criteria: dict = field(default_factory=dict)  # {ladder slug: {criterion slug: id}}

    def __post_init__(self):
        for ladder in Ladder.objects.prefetch_related("criteria"):
            self.ladders[ladder.slug] = ladder
            self.criteria[ladder.slug] = {c.slug: c.pk for c in ladder.criteria.all()}


def _restore_person(data, user, target, report):
    evidence_ids = restore_evidence(
        data["evidence"],
        owner=user,
        people=target.people,
        teams=target.teams,
        criteria=criteria_for_owner(target.criteria, data["ladder"]),
        archive=target.archive,
        stored=target.stored,
    )
    for case in data["candidacies"]:
        restore_cases(
            [case],
            person=user,
            ladder=target.ladders[case["ladder"]],
            people=target.people,
            criteria=target.criteria[case["ladder"]],
            evidence_ids=evidence_ids,
        )
    report.evidence += len(evidence_ids)
    report.candidacies += len(data["candidacies"])
