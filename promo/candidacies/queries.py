"""Reads about candidacies that other parts of promo build on."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from promo.models import Candidacy, Criterion, Expectation, Level, MentorAssignment, Team, User
from promo.org.models import person_name_sql
from promo.web.prepared import prepared_cursor


def open_or_latest_prefetch():
    """Prefetch each person's candidacies in Candidacy.objects.open_first() order, for
    open_or_latest(person) to read without a query per person."""
    return Prefetch(
        "candidacies",
        queryset=Candidacy.objects.select_related("target_level").open_first(),
        to_attr="candidacies_open_first",
    )


def open_or_latest(person):
    """The open case, else the newest one, from open_or_latest_prefetch()'s list."""
    every = getattr(person, "candidacies_open_first", [])
    return every[0] if every else None


def open_candidacy_for(person):
    """The person's candidacy that is preparing or submitted, or None. There is at most one."""
    return Candidacy.objects.select_related("ladder", "from_level", "target_level").open_for(person)


def criteria_rows_for(candidacy):
    """One row per criterion of the candidacy's ladder, in ladder order: the expectation
    at the target level and the criterion's open and closed gaps.

    Expects the candidacy's gaps to be prefetched (see case_prefetches); costs one
    query for the criteria and their expectations whatever the ladder's size.
    """
    criteria = Criterion.objects.filter(ladder_id=candidacy.ladder_id).prefetch_related(
        Prefetch(
            "expectations",
            queryset=Expectation.objects.filter(level_id=candidacy.target_level_id),
            to_attr="at_target",
        )
    )
    gaps_by_criterion = {}
    for gap in candidacy.gaps.all():
        gaps_by_criterion.setdefault(gap.criterion_id, []).append(gap)
    return [
        CriterionRow(
            criterion=criterion,
            expectation=criterion.at_target[0] if criterion.at_target else None,
            open_gaps=[g for g in gaps_by_criterion.get(criterion.pk, []) if g.is_open],
            closed_gaps=[g for g in gaps_by_criterion.get(criterion.pk, []) if not g.is_open],
        )
        for criterion in criteria
    ]


@dataclass
class CriterionRow:
    criterion: object
    expectation: object
    open_gaps: list = field(default_factory=list)
    closed_gaps: list = field(default_factory=list)


@dataclass(frozen=True)
class PersonCase:
    """One row of a list of people and their case: the open one, else the newest."""

    name: str
    team: str | None
    level_code: str | None
    case_id: int | None
    case_target_code: str | None
    case_status: str | None
    case_target_date: date | None

    @property
    def case_status_label(self):
        return Candidacy.Status(self.case_status).label if self.case_status else ""


# Plain SQL: seven mentees through select_related and a prefetch cost 1.4 ms of building
# objects per view, for five strings a row. The subquery orders as Candidacy.objects
# .open_first(); tests/promo/test_candidacy_views.py checks both pick the same case.
_MENTEE_CASES = """
SELECT {person_name}, t.name, l.code,
       k.id, tl.code, k.status, k.target_date
FROM {user} u
JOIN {assignment} ma ON ma.mentee_id = u.id
LEFT JOIN {team} t ON t.id = u.team_id
LEFT JOIN {level} l ON l.id = u.level_id
LEFT JOIN {candidacy} k ON k.id = (
    SELECT c.id FROM {candidacy} c WHERE c.person_id = u.id
    ORDER BY CASE WHEN c.status IN (%(preparing)s, %(submitted)s) THEN 0 ELSE 1 END,
             c.created_at DESC, c.id DESC
    LIMIT 1
)
LEFT JOIN {level} tl ON tl.id = k.target_level_id
WHERE ma.mentor_id = %(mentor)s
ORDER BY u.display_name, u.email
"""


def mentee_cases_of(mentor):
    """The people `mentor` mentors now, each with their open or latest case, in one query."""
    tables = {"user": User, "assignment": MentorAssignment, "team": Team, "level": Level}
    tables["candidacy"] = Candidacy
    names = {name: model._meta.db_table for name, model in tables.items()}
    sql = _MENTEE_CASES.format(person_name=person_name_sql("u"), **names)
    preparing, submitted = Candidacy.OPEN_STATUSES
    params = {"mentor": mentor.pk, "preparing": preparing, "submitted": submitted}
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [PersonCase(*row[:6], _as_date(row[6])) for row in rows]


def _as_date(value):
    """SQLite hands back a joined row's date as text."""
    return date.fromisoformat(value) if isinstance(value, str) else value
