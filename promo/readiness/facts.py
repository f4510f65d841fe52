"""The plain data the readiness rule is computed over, and the results it returns.

Nothing here touches the database: `queries.py` loads these from the models, tests build
them by hand, and `rule.py` turns them into verdicts.
"""

from dataclasses import dataclass
from datetime import date

from promo.ladders import thresholds
from promo.readiness.calendar import Quarter

# Tag strengths as stored on evidence.ArtifactTag.strength, weakest first.
SIGNAL, STRONG, EXEMPLARY = "signal", "strong", "exemplary"
STRENGTHS = (SIGNAL, STRONG, EXEMPLARY)
STRENGTH_RANK = {strength: rank for rank, strength in enumerate(STRENGTHS, start=1)}
STRONG_OR_BETTER = frozenset({STRONG, EXEMPLARY})


@dataclass(frozen=True)
class Rule:
    """A ladder's readiness thresholds (Ladder.quarters_needed and friends)."""

    quarters_needed: int = thresholds.DEFAULT_QUARTERS_NEEDED
    quarters_window: int = thresholds.DEFAULT_QUARTERS_WINDOW
    needs_matured_impact: bool = thresholds.DEFAULT_NEEDS_MATURED_IMPACT
    checkin_offsets_days: tuple[int, ...] = thresholds.DEFAULT_CHECKIN_OFFSETS_DAYS
    matured_impact_needed: int = thresholds.DEFAULT_MATURED_IMPACT_NEEDED
    overdue_checkins_allowed: int = thresholds.DEFAULT_OVERDUE_CHECKINS_ALLOWED
    close_max_short: int = thresholds.DEFAULT_CLOSE_MAX_SHORT

    @classmethod
    def for_ladder(cls, ladder) -> "Rule":
        return cls(
            quarters_needed=ladder.quarters_needed,
            quarters_window=ladder.quarters_window,
            needs_matured_impact=ladder.needs_matured_impact,
            checkin_offsets_days=ladder.checkin_offsets,
            matured_impact_needed=ladder.matured_impact_needed,
            overdue_checkins_allowed=ladder.overdue_checkins_allowed,
            close_max_short=ladder.close_max_short,
        )

    @property
    def matured_needed(self) -> int:
        """Matured artifacts a criterion needs: none when the ladder does not ask."""
        return self.matured_impact_needed if self.needs_matured_impact else 0

    @property
    def first_checkin_offset_days(self) -> int:
        """Impact cannot be assessed before the first check-in is due."""
        return min(self.checkin_offsets_days)


@dataclass(frozen=True)
class CriterionFact:
    id: int
    slug: str
    name: str
    expectation: str = ""  # what the target level asks, when known
    # Shown only when this many other teams confirmed adoption (Criterion fields).
    needs_confirmation: bool = False
    min_confirming_teams: int = thresholds.DEFAULT_MIN_CONFIRMING_TEAMS


@dataclass(frozen=True)
class TeamsOn:
    """Teams named on one artifact: those its owner says adopted it (the artifact's "teams
    that adopted it"), and the other teams whose members confirmed adoption, i.e. the team
    of each colleague who confirmed with "my team adopted it", leaving out the owner's own
    team and anyone above the owner in the management chain, as the organisation is now."""

    claimed: frozenset = frozenset()
    confirming: frozenset = frozenset()


@dataclass(frozen=True)
class Adoption:
    """Of the artifacts cited for a criterion that needs confirmation: how many distinct
    teams the owner says adopted them, how many other teams confirmed, how many it needs."""

    claimed: int
    confirmed: int
    needed: int

    @property
    def short(self) -> bool:
        return self.confirmed < self.needed

    def __str__(self) -> str:
        """ "adopted by 3 teams, 2 confirmed": the owner's claim, then how many other
        teams said so themselves."""
        teams = "team" if self.claimed == 1 else "teams"
        return f"adopted by {self.claimed} {teams}, {self.confirmed} confirmed"


@dataclass(frozen=True)
class Piece:
    """One artifact as cited for one criterion (an ArtifactTag with its artifact)."""

    artifact_id: int
    criterion_id: int
    strength: str
    happened_on: date
    title: str = ""
    shipped_on: date | None = None


@dataclass(frozen=True)
class GapFact:
    id: int
    criterion_id: int
    text: str
    opened_on: date | None = None


@dataclass(frozen=True)
class MentorVerdict:
    """One mentor's verdict on one criterion; filled in by the reviews app. `hidden`: the
    reader may only know that a verdict exists (`verdict` says so; no name, no note)."""

    mentor_name: str
    verdict: str
    note: str = ""
    hidden: bool = False


# A mentor's call on a criterion, as stored on reviews.Verdict.value.
NEXT_LEVEL, NOT_YET, NOT_ENOUGH_EVIDENCE = "next_level", "not_yet", "not_enough_evidence"
CALL_LABELS = {
    NEXT_LEVEL: "Next level",
    NOT_YET: "Not yet",
    NOT_ENOUGH_EVIDENCE: "Not enough evidence",
}


@dataclass(frozen=True)
class MentorCall:
    """What the latest review round said about one criterion, whoever may read it: the
    rule weighs it, so it carries no name and no note. A "Not yet" from any reviewer in
    that round makes the call "Not yet"; all "Next level" makes it "Next level"."""

    value: str
    given_on: date  # the person's local date of the round's latest verdict on it

    @property
    def label(self) -> str:
        return CALL_LABELS.get(self.value, self.value)


# A criterion's standing under the rule, and the case's.
SHOWN, BUILDING, NOT_STARTED = "shown", "building", "not started"
READY, CLOSE = "ready", "close"


@dataclass(frozen=True)
class MonthCell:
    month: date  # first day of the month
    count: int = 0
    strongest: str | None = None

    @property
    def has_strong(self) -> bool:
        return self.strongest in STRONG_OR_BETTER


@dataclass(frozen=True)
class Impact:
    """Of the shipped artifacts cited for a criterion: how many have matured impact."""

    matured: int = 0
    awaiting: int = 0  # old enough to assess, but no check-in recorded since shipping
    too_recent: int = 0  # shipped within the first check-in offset: too recent to assess

    @property
    def assessable(self) -> int:
        return self.matured + self.awaiting

    @property
    def share(self) -> float | None:
        """Matured share of the assessable artifacts; None when none can be assessed yet."""
        return self.matured / self.assessable if self.assessable else None


@dataclass(frozen=True)
class CriterionReadiness:
    criterion: CriterionFact
    counts: dict  # strength -> number of pieces, all time up to today
    months: tuple[MonthCell, ...]  # the trailing 12 months, oldest first
    quarters: tuple[Quarter, ...]  # the ladder's quarters window, oldest first
    strong_quarters: tuple[Quarter, ...]
    latest_on: date | None
    days_since_latest: int | None
    impact: Impact
    gaps: tuple[GapFact, ...]
    mentor_verdicts: tuple[MentorVerdict, ...]
    strongest: tuple[Piece, ...]
    shown: bool
    sentence: str
    state: str = NOT_STARTED  # SHOWN, BUILDING or NOT_STARTED
    short: tuple[str, ...] = ()  # what keeps it from shown, in a few words each
    mentor_call: MentorCall | None = None
    held_by_mentor: bool = False  # evidence alone would show it; the latest call is Not yet
    overdue_checkins: int = 0  # pending past their day, on the artifacts cited for it
    disagreement: str = ""  # evidence and mentor disagree, said in words
    forecast: object = None  # promo.readiness.forecast.Forecast
    adoption: Adoption | None = None  # only for a criterion that needs confirmation

    @property
    def verdict(self) -> str:
        return "shown" if self.shown else "not shown"

    @property
    def evidence_says_shown(self) -> bool:
        return self.shown or self.held_by_mentor

    @property
    def strong_months(self) -> tuple[date, ...]:
        return tuple(cell.month for cell in self.months if cell.has_strong)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Readiness:
    today: date
    rule: Rule
    months: tuple[date, ...]
    criteria: tuple[CriterionReadiness, ...]
    open_gaps: tuple[GapFact, ...]
    ready: bool
    sentence: str
    target_label: str = ""
    candidacy_id: int | None = None
    standing: str = BUILDING  # READY, CLOSE or BUILDING
    ladder_id: int | None = None

    @property
    def short_criteria(self) -> tuple[CriterionReadiness, ...]:
        return tuple(row for row in self.criteria if not row.shown)

    @property
    def shown_count(self) -> int:
        return sum(1 for row in self.criteria if row.shown)
