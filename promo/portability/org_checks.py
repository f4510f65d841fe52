"""What an organisation import checks before it writes anything: every problem in the
file is listed at once, and any problem refuses the whole file.

- Ladders are matched by slug. A ladder this promo lacks is created from the file; one
  it has must be the same as the file's (name, description, thresholds, levels, criteria
  and expectations), or the differences are reported: the import never guesses which
  one is right.
- Nobody in the file may already be here (by email, case-insensitively): an import brings
  an organisation into an empty promo, it does not merge two.
- Managers and mentors are people of the file; levels, tags and gaps name levels and
  criteria of known ladders.
"""

from dataclasses import dataclass, field

from django.db.models.functions import Lower

from promo.ladders.yaml_io import LadderFileError, ladder_data, ladder_spec
from promo.models import Ladder, User
from promo.org.models import is_time_zone
from promo.portability.archive import ArchiveError

SHOWN_PROBLEMS = 20


@dataclass
class OrgPlan:
    """The checked file: ladders to create from the file, and the shape (level codes,
    criterion slugs) of every ladder a person, tag or case may name."""

    new_ladders: list = field(default_factory=list)  # [LadderSpec]
    kept_ladders: list = field(default_factory=list)  # slugs of identical ladders here
    shapes: dict = field(default_factory=dict)  # {slug: (level codes, criterion slugs)}


class OrganisationProblems(ArchiveError):
    """Everything wrong with an organisation export, in `problems`; nothing was written."""

    headline = "This organisation export cannot be imported here:"

    def __init__(self, problems):
        self.problems = problems[:SHOWN_PROBLEMS]
        if len(problems) > SHOWN_PROBLEMS:
            self.problems.append(f"and {len(problems) - SHOWN_PROBLEMS} more.")
        listed = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"{self.headline}\n{listed}\nNothing was imported.")


def criteria_for_owner(by_ladder, owner_ladder):
    """{criterion slug: value} for the tags of someone on `owner_ladder`: their own ladder's
    criteria, and any other ladder's whose slug no other ladder uses. `by_ladder` is
    {ladder slug: {criterion slug: value}}."""
    seen, unique = set(), {}
    for criteria in by_ladder.values():
        for slug, value in criteria.items():
            if slug in seen:
                unique.pop(slug, None)
            else:
                seen.add(slug)
                unique[slug] = value
    return unique | by_ladder.get(owner_ladder, {})


def organisation_checks(document):
    """The plan for importing `document`, or ArchiveError listing every problem."""
    problems = []
    plan = _ladders(document["ladders"], problems)
    people = document["people"]
    emails = _emails(people, problems)
    for person in people:
        _check_person(person, emails, plan.shapes, problems)
    problems += _manager_loops(people)
    if problems:
        raise OrganisationProblems(problems)
    return plan


def _ladders(entries, problems):
    plan = OrgPlan()
    here = {ladder.slug: ladder for ladder in Ladder.objects.all()}
    for slug, ladder in here.items():
        plan.shapes[slug] = (
            set(ladder.levels.values_list("code", flat=True)),
            set(ladder.criteria.values_list("slug", flat=True)),
        )
    names_here = {ladder.name: slug for slug, ladder in here.items()}
    for index, entry in enumerate(entries, start=1):
        try:
            spec = ladder_spec(entry)
        except LadderFileError as error:
            problems.append(f"Ladder {index} in the file: {error}")
            continue
        if spec.slug in plan.shapes and spec.slug not in here:
            problems.append(f"The ladder “{spec.slug}” is in the file twice.")
            continue
        if spec.slug in here:
            ours = spec_data(ladder_spec(ladder_data(here[spec.slug])))
            differences = ladder_differences(ours, spec_data(spec))
            if differences:
                problems.append(
                    f"The ladder “{spec.slug}” here differs from the file's in "
                    f"{', '.join(differences)}. Make them the same (export_ladder, "
                    "load_ladder) or rename one of them."
                )
            plan.kept_ladders.append(spec.slug)
            continue
        if names_here.get(spec.name, spec.slug) != spec.slug:
            problems.append(
                f"The ladder “{spec.slug}” is called “{spec.name}”, the name of the ladder "
                f"“{names_here[spec.name]}” here."
            )
        plan.new_ladders.append(spec)
        codes = {code for code, _ in spec.levels}
        plan.shapes[spec.slug] = (codes, {c["slug"] for c in spec.criteria})
    return plan


def spec_data(spec):
    """A parsed ladder in ladder_data's shape, to compare with a ladder here."""
    return {
        "name": spec.name,
        "slug": spec.slug,
        "description": spec.description,
        "readiness": spec.readiness,
        "levels": [{"code": code, "title": title} for code, title in spec.levels],
        "criteria": spec.criteria,
    }


def ladder_differences(here, there):
    """What differs between two ladders in ladder_data's shape: top-level parts by name,
    criteria by slug."""
    parts = [
        key for key in ("name", "description", "readiness", "levels") if here[key] != there[key]
    ]
    ours = {c["slug"]: c for c in here["criteria"]}
    theirs = {c["slug"]: c for c in there["criteria"]}
    changed = sorted(s for s in ours.keys() | theirs.keys() if ours.get(s) != theirs.get(s))
    if changed:
        parts.append("criteria " + ", ".join(changed))
    elif list(ours) != list(theirs):
        parts.append("the order of criteria")
    return parts


def _emails(people, problems):
    emails, twice = set(), set()
    for person in people:
        email = person["email"].lower()
        (twice if email in emails else emails).add(email)
    if twice:
        problems.append(f"These emails are in the file more than once: {', '.join(sorted(twice))}.")
    here = sorted(
        User.objects.annotate(lower=Lower("email"))
        .filter(lower__in=emails)
        .values_list("email", flat=True)
    )
    if here:
        problems.append(
            f"{len(here)} of the file's people are already in this promo: {', '.join(here)}. "
            "An organisation is imported into a promo without them."
        )
    return emails


def _check_person(person, emails, shapes, problems):
    email = person["email"]
    own = email.lower()
    for role, ref in [("manager", person["manager"])] + [("mentor", m) for m in person["mentors"]]:
        if ref is None:
            continue
        if ref.lower() == own:
            problems.append(f"{email} is their own {role}.")
        elif ref.lower() not in emails:
            problems.append(f"{email}'s {role} {ref} is not in the file.")
    zone = person.get("time_zone", "UTC")
    if not is_time_zone(zone):
        problems.append(f"{email}'s time zone {zone!r} is not a name such as 'Europe/London'.")
    ladder = person["ladder"]
    if ladder is not None and ladder not in shapes:
        problems.append(f"{email} is on the ladder “{ladder}”, which is not in the file.")
        return
    if person["level"] is not None and person["level"] not in shapes.get(ladder, (set(),))[0]:
        problems.append(f"{email}'s level {person['level']} is not on their ladder.")
    _check_tags(person, shapes, problems)
    for case in person["candidacies"]:
        _check_case(email, case, shapes, problems)


def _check_tags(person, shapes, problems):
    known = criteria_for_owner(
        {slug: dict.fromkeys(shape[1]) for slug, shape in shapes.items()}, person["ladder"]
    )
    named = {tag["criterion"] for entry in person["evidence"] for tag in entry["tags"]}
    unknown = sorted(named - set(known))
    if unknown:
        problems.append(
            f"{person['email']}'s evidence is tagged with criteria no ladder here or in the "
            f"file has (or that several have, none of them theirs): {', '.join(unknown)}."
        )


def _check_case(email, case, shapes, problems):
    if case["ladder"] not in shapes:
        problems.append(f"{email} has a case on the ladder “{case['ladder']}”, not in the file.")
        return
    codes, criteria = shapes[case["ladder"]]
    for level in (case["from_level"], case["target_level"]):
        if level not in codes:
            problems.append(f"{email} has a case at level {level}, not on “{case['ladder']}”.")
    unknown = sorted({gap["criterion"] for gap in case["gaps"]} - criteria)
    if unknown:
        problems.append(
            f"{email} has gaps on criteria “{case['ladder']}” lacks: {', '.join(unknown)}."
        )


def _manager_loops(people):
    manager_of = {p["email"].lower(): (p["manager"] or "").lower() or None for p in people}
    problems, cleared = [], set()
    for start in manager_of:
        path, email = [], start
        while email in manager_of and email not in cleared and email not in path:
            path.append(email)
            email = manager_of[email]
        if email in path:
            loop = path[path.index(email) :] + [email]
            problems.append(f"The management chain loops: {' → '.join(loop)}.")
        cleared.update(path)
    return problems
