"""What a people CSV would change, checked against the organisation as it is.

A handful of reads whatever the file's length (the people it names, their chains, their
mentors, the teams, the levels); then every row is resolved in memory. Writing the plan
is promo.org.services.people_import's job.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from promo.models import Level, MentorAssignment, Team, User
from promo.org.csv_import import Problem
from promo.org.tree import MAX_DEPTH, chains_above_many


@dataclass
class PersonPlan:
    """One row's outcome: the fields to set (attribute -> value) and the mentors to add
    (emails) or end (assignments). A new team is named by a string, a manager by email."""

    line: int
    email: str
    person: User | None
    fields: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    mentors_added: list = field(default_factory=list)
    mentors_removed: list = field(default_factory=list)

    def __post_init__(self):
        self.is_new = self.person is None  # the person is made when the plan is written

    @property
    def outcome(self):
        if self.is_new:
            return "created"
        changed = self.changes or self.mentors_added or self.mentors_removed
        return "updated" if changed else "unchanged"

    @property
    def deactivates(self):
        """An active person the file makes inactive: they are emailed their leaving link."""
        return not self.is_new and self.fields.get("is_active") is False

    @property
    def described(self):
        """Every change in words, the mentors' included."""
        return [
            *self.changes,
            *(f"mentor added: {email}" for email in self.mentors_added),
            *(f"mentor removed: {link.mentor.email}" for link in self.mentors_removed),
        ]


@dataclass
class ImportPlan:
    problems: list = field(default_factory=list)
    people: list = field(default_factory=list)
    known: dict = field(default_factory=dict)  # lowercased email -> existing User
    teams: dict = field(default_factory=dict)  # lowercased name -> Team
    new_teams: dict = field(default_factory=dict)  # lowercased name -> name as written
    applied: bool = False

    def of(self, outcome):
        return [person for person in self.people if person.outcome == outcome]

    @property
    def created(self):
        return self.of("created")

    @property
    def updated(self):
        return self.of("updated")

    @property
    def unchanged(self):
        return self.of("unchanged")

    @property
    def deactivated(self):
        return [person for person in self.people if person.deactivates]


class _Context:
    """What the rows are checked against, read once for the whole file."""

    def __init__(self, parsed, *, lock):
        rows = parsed.rows
        emails = set(parsed.lines_by_email)
        emails |= {row.values.get("manager_email") for row in rows} - {"", None}
        emails |= {mentor for row in rows for mentor in row.mentors}
        people = User.objects.select_related("team", "level", "ladder", "manager").annotate(
            email_key=Lower("email")
        )
        if lock:  # two imports at once must not build a loop between them
            people = people.select_for_update(of=("self",))
        self.known = {p.email_key: p for p in people.filter(email_key__in=emails)}
        chains = chains_above_many([p.pk for p in self.known.values()])
        self.manager_of = {
            email: chains[manager_id][0] if manager_id in chains else None
            for email, manager_id in chains.values()
        }
        self.in_file = parsed.lines_by_email
        self.mentors_of = defaultdict(dict)
        if "mentor_emails" in parsed.columns:
            mentee_ids = [p.pk for e, p in self.known.items() if e in self.in_file]
            links = MentorAssignment.objects.select_related("mentor")
            for link in links.filter(mentee_id__in=mentee_ids):
                self.mentors_of[link.mentee_id][link.mentor.email.lower()] = link
        self.teams = {}
        if "team" in parsed.columns:
            names = {row.values["team"].lower() for row in rows if row.values["team"]}
            teams = Team.objects.annotate(key=Lower("name")).filter(key__in=names)
            self.teams = {team.key: team for team in teams}
        self.levels = defaultdict(list)
        if "level" in parsed.columns:
            for level in Level.objects.select_related("ladder"):
                self.levels[level.code.lower()].append(level)


def plan_people_import(parsed, *, by, lock=False) -> ImportPlan:
    """Resolve every good row of `parsed` (promo.org.csv_import) against the database.

    `by` is the staff member importing, or None for an operator at the command line.
    With `lock`, the people the file names are locked until the transaction ends."""
    context = _Context(parsed, lock=lock)
    plan = ImportPlan(problems=list(parsed.problems), known=context.known, teams=context.teams)
    final_manager = dict(context.manager_of)
    for row in parsed.rows:
        person_plan, problems = _plan_row(row, context, by, plan)
        plan.problems += [Problem(row.line, message) for message in problems]
        if not problems:
            plan.people.append(person_plan)
        if row.has("manager_email") and not problems:
            final_manager[row.email] = row.values["manager_email"] or None
    _refuse_loops_and_mentors_in_chain(plan, final_manager)
    plan.problems.sort(key=lambda problem: problem.line)
    return plan


def _plan_row(row, context, by, plan):
    person = context.known.get(row.email)
    person_plan = PersonPlan(line=row.line, email=row.email, person=person)
    problems = []
    name = row.values.get("display_name", "")
    if person is None and not name:
        problems.append("A new person needs a display_name.")
    if name:
        _set(person_plan, "display_name", name, lambda value: value)
    if row.has("team"):
        problems += _plan_team(row, context, person_plan, plan)
    if row.has("level"):
        problems += _plan_level(row, context, person_plan)
    if row.has("manager_email"):
        problems += _plan_manager(row, context, person_plan, by)
    if row.has("mentor_emails"):
        problems += _plan_mentors(row, context, person_plan, by)
    if row.is_active is not None or person is None:
        active = True if row.is_active is None else row.is_active
        _set(person_plan, "is_active", active, lambda value: "yes" if value else "no")
    if (
        person is not None
        and person_plan.outcome == "updated"
        and (person.is_staff or person.is_superuser)
        and not (by is None or by.is_superuser)
    ):
        problems.append(f"{row.email} is a staff account: only a superuser changes it.")
    return person_plan, problems


def _set(person_plan, attribute, value, show):
    """Record `attribute` = `value` for a new person, or when it differs from the current."""
    person = None if person_plan.is_new else person_plan.person
    old = getattr(person, attribute) if person is not None else None
    if person is not None and old == value:
        return
    person_plan.fields[attribute] = value
    _note(person_plan, attribute, show(old), show(value))


def _note(person_plan, label, old, new):
    """One line of what changes: "team: Payments → Search", or "team: Search" when new."""
    if person_plan.is_new:
        person_plan.changes.append(f"{label}: {new}")
    else:
        person_plan.changes.append(f"{label}: {old} → {new}")


def _plan_team(row, context, person_plan, plan):
    name = row.values["team"]
    if not name:
        team = None
    else:
        team = context.teams.get(name.lower())
        if team is None:
            plan.new_teams.setdefault(name.lower(), name)
            team = plan.new_teams[name.lower()]
    _set(person_plan, "team", team, lambda value: str(value) if value else "none")
    return []


def _plan_level(row, context, person_plan):
    code = row.values["level"]
    if not code:
        _set(person_plan, "level", None, _level_code)
        return []
    person = person_plan.person
    ladder_id = person.ladder_id if person else None
    candidates = context.levels.get(code.lower(), [])
    fitting = [level for level in candidates if ladder_id in (None, level.ladder_id)]
    if len(fitting) != 1:
        return [_level_problem(code, fitting, person, context)]
    level = fitting[0]
    _set(person_plan, "level", level, _level_code)
    _set(person_plan, "ladder", level.ladder, lambda value: str(value) if value else "none")
    return []


def _level_code(level):
    return level.code if level else "none"


def _level_problem(code, fitting, person, context):
    if len(fitting) > 1:
        ladders = ", ".join(sorted(str(level.ladder) for level in fitting))
        return (
            f"Level {code!r} is on several ladders ({ladders}); set the person's ladder on "
            "their page first."
        )
    codes = sorted(
        {
            level.code
            for levels in context.levels.values()
            for level in levels
            if person is None or person.ladder_id in (None, level.ladder_id)
        }
    )
    where = f"on {person.ladder}" if person and person.ladder_id else "on any ladder"
    return f"Level {code!r} is not {where}. The levels are: {', '.join(codes) or 'none yet'}."


def _plan_manager(row, context, person_plan, by):
    email = row.values["manager_email"] or None
    person = person_plan.person
    current = person.manager.email.lower() if person and person.manager_id else None
    if person is not None and email == current:
        return []
    if person is None and email is None:
        return []
    problems = []
    if email is not None:
        problems += _unknown("manager", email, context)
        problems += _refuse_yourself("manager", email, by)
    person_plan.fields["manager"] = email
    _note(person_plan, "manager", current or "none", email or "none")
    return problems


def _plan_mentors(row, context, person_plan, by):
    person = person_plan.person
    current = context.mentors_of[person.pk] if person else {}
    problems = []
    for email in row.mentors:
        if email not in current:
            problems += _unknown("mentor", email, context)
            problems += _refuse_yourself("mentor", email, by)
            person_plan.mentors_added.append(email)
    person_plan.mentors_removed = [
        link for email, link in current.items() if email not in row.mentors
    ]
    return problems


def _unknown(role, email, context):
    if email in context.in_file:
        return []
    known = context.known.get(email)
    if known is None:
        return [f"Unknown {role} {email}: not in this file nor in promo."]
    if not known.is_active:
        return [f"The {role} {email} is inactive; add a row making them active, or pick another."]
    return []


def _refuse_yourself(role, email, by):
    # As refuse_granting_yourself: staff do not grant themselves access to someone.
    if by is not None and not by.is_superuser and email == by.email.lower():
        return [f"You cannot make yourself their {role}; ask another member of staff."]
    return []


def _chain_above(email, final_manager):
    """The emails above `email`, nearest first, and whether the chain comes back to it."""
    chain, current = [], final_manager.get(email)
    while current is not None and len(chain) <= MAX_DEPTH:
        if current == email:
            return chain, True
        if current in chain:
            return chain, False  # a loop further up, reported on its own rows
        chain.append(current)
        current = final_manager.get(current)
    return chain, False


def _refuse_loops_and_mentors_in_chain(plan, final_manager):
    kept = []
    for person_plan in plan.people:
        chain, loops = _chain_above(person_plan.email, final_manager)
        if loops:
            path = " → ".join([person_plan.email, *chain, person_plan.email])
            plan.problems.append(Problem(person_plan.line, f"The management chain loops: {path}."))
            continue
        in_chain = [email for email in person_plan.mentors_added if email in chain]
        for email in in_chain:
            plan.problems.append(
                Problem(
                    person_plan.line,
                    f"The mentor {email} is in their management chain; "
                    "a mentor comes from outside it.",
                )
            )
        if not in_chain:
            kept.append(person_plan)
    plan.people = kept
