"""The readiness rule, over plain data. docs/readiness.md says the same in prose, and
the "How is this decided?" page renders it with a ladder's numbers.

A criterion is *shown* when all of these hold:
1. consistency: strong-or-better evidence in at least `quarters_needed` of the last
   `quarters_window` calendar quarters (the current one included);
2. matured impact, when the ladder asks for it: at least `matured_impact_needed` shipped
   artifacts cited for it have matured impact;
3. answered check-ins: at most `overdue_checkins_allowed` check-ins on the artifacts
   cited for it are overdue;
4. no mentor "Not yet": the call of the latest review round (that the reader may read)
   holding a verdict on it is not "Not yet", or strong evidence dated after that call
   has arrived since;
5. confirmed adoption, for a criterion the ladder marks `needs_confirmation`: at least
   `min_confirming_teams` distinct other teams confirmed adopting the artifacts cited for
   it (facts.TeamsOn says which confirmations count). The teams the owner lists do not.
A criterion not shown is *building* when it has strong evidence in at least one quarter
of the window, else *not started*.

The case is *Ready* when every criterion is shown and no gap from past feedback is open;
*Close* when not ready but every criterion is at least building and at most
`close_max_short` are not shown (open gaps alone make it Close); else *Building*.

Impact has matured when a check-in was recorded on or after the artifact's shipped-on
date plus the ladder's first check-in offset. The comparison uses the artifact's current
shipped-on date, so a check-in recorded before the work was re-dated to ship later no
longer counts: nobody could have seen that impact yet.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta

from promo.readiness.calendar import Quarter, month_start, trailing_months, trailing_quarters
from promo.readiness.explain import (
    criterion_sentence,
    disagreement_sentence,
    readiness_sentence,
    short_reasons,
)
from promo.readiness.facts import (
    BUILDING,
    CLOSE,
    NOT_STARTED,
    NOT_YET,
    READY,
    SHOWN,
    STRENGTH_RANK,
    STRENGTHS,
    STRONG_OR_BETTER,
    Adoption,
    CriterionFact,
    CriterionReadiness,
    GapFact,
    Impact,
    MentorCall,
    MentorVerdict,
    MonthCell,
    Piece,
    Readiness,
    Rule,
    TeamsOn,
)
from promo.readiness.forecast import forecast_for

TRAILING_MONTHS = 12
NO_TEAMS = TeamsOn()
STRONGEST_SHOWN = 3


def impact_of(
    pieces: Iterable[Piece], recorded: Mapping[int, Iterable[date]], rule: Rule, today: date
) -> Impact:
    """Count the shipped artifacts among `pieces` by impact maturity.

    `recorded` maps an artifact id to the local dates its check-ins were recorded on.
    """
    wait = timedelta(days=rule.first_checkin_offset_days)
    matured = awaiting = too_recent = 0
    seen = set()
    for piece in pieces:
        if piece.shipped_on is None or piece.artifact_id in seen:
            continue
        seen.add(piece.artifact_id)
        assessable_from = piece.shipped_on + wait
        if any(day >= assessable_from for day in recorded.get(piece.artifact_id, ())):
            matured += 1
        elif today < assessable_from:
            too_recent += 1
        else:
            awaiting += 1
    return Impact(matured=matured, awaiting=awaiting, too_recent=too_recent)


def month_cells(pieces: Iterable[Piece], months: list[date]) -> tuple[MonthCell, ...]:
    counts, strongest = defaultdict(int), {}
    for piece in pieces:
        month = month_start(piece.happened_on)
        counts[month] += 1
        if STRENGTH_RANK[piece.strength] > STRENGTH_RANK.get(strongest.get(month), 0):
            strongest[month] = piece.strength
    return tuple(MonthCell(month, counts[month], strongest.get(month)) for month in months)


def strong_quarters_of(pieces: Iterable[Piece], quarters: list[Quarter]) -> tuple[Quarter, ...]:
    hit = {Quarter.of(p.happened_on) for p in pieces if p.strength in STRONG_OR_BETTER}
    return tuple(quarter for quarter in quarters if quarter in hit)


def strongest_of(pieces: list[Piece]) -> tuple[Piece, ...]:
    ranked = sorted(pieces, key=lambda p: (STRENGTH_RANK[p.strength], p.happened_on, p.artifact_id))
    return tuple(reversed(ranked[-STRONGEST_SHOWN:]))


def held_by_call(call: MentorCall | None, pieces: Iterable[Piece]) -> bool:
    """A "Not yet" holds until strong evidence dated after it arrives (or a new round)."""
    if call is None or call.value != NOT_YET:
        return False
    return not any(p.strength in STRONG_OR_BETTER and p.happened_on > call.given_on for p in pieces)


def overdue_on(pieces: Iterable[Piece], overdue: Mapping[int, int]) -> int:
    return sum(overdue.get(artifact_id, 0) for artifact_id in {p.artifact_id for p in pieces})


def adoption_of(
    criterion: CriterionFact, pieces: Iterable[Piece], teams: Mapping[int, TeamsOn]
) -> Adoption | None:
    """Distinct teams claimed and other teams confirming, over the artifacts cited for a
    criterion that needs confirmation; None for any other criterion."""
    if not criterion.needs_confirmation:
        return None
    claimed, confirming = set(), set()
    for artifact_id in {p.artifact_id for p in pieces}:
        on = teams.get(artifact_id, NO_TEAMS)
        claimed |= on.claimed
        confirming |= on.confirming
    return Adoption(len(claimed), len(confirming), criterion.min_confirming_teams)


def criterion_readiness(
    criterion: CriterionFact,
    pieces: list[Piece],
    *,
    rule: Rule,
    today: date,
    recorded: Mapping[int, Iterable[date]],
    gaps: Iterable[GapFact] = (),
    verdicts: Iterable[MentorVerdict] = (),
    call: MentorCall | None = None,
    overdue: Mapping[int, int] | None = None,
    teams: Mapping[int, TeamsOn] | None = None,
) -> CriterionReadiness:
    """Judge one criterion. Pieces dated after `today` are ignored: they have not happened.
    `overdue` maps an artifact id to its check-ins pending past their day; `teams` maps
    it to the teams claimed and confirming adoption (weighed only when it needs
    confirmation)."""
    pieces = [p for p in pieces if p.criterion_id == criterion.id and p.happened_on <= today]
    quarters = trailing_quarters(today, rule.quarters_window)
    strong = strong_quarters_of(pieces, quarters)
    impact = impact_of(pieces, recorded, rule, today)
    latest = max((p.happened_on for p in pieces), default=None)
    late = overdue_on(pieces, overdue or {})
    adoption = adoption_of(criterion, pieces, teams or {})
    short = short_reasons(
        rule, strong_quarters=len(strong), impact=impact, overdue=late, adoption=adoption
    )
    held = held_by_call(call, pieces)
    shown = not short and not held
    if held:
        short = (*short, "mentor said Not yet")
    state = SHOWN if shown else (BUILDING if strong else NOT_STARTED)
    counts = dict.fromkeys(STRENGTHS, 0)
    for piece in pieces:
        counts[piece.strength] += 1
    row = CriterionReadiness(
        criterion=criterion,
        counts=counts,
        months=month_cells(pieces, trailing_months(today, TRAILING_MONTHS)),
        quarters=tuple(quarters),
        strong_quarters=strong,
        latest_on=latest,
        days_since_latest=(today - latest).days if latest else None,
        impact=impact,
        gaps=tuple(gaps),
        mentor_verdicts=tuple(verdicts),
        strongest=strongest_of(pieces),
        shown=shown,
        sentence=criterion_sentence(
            criterion.name,
            rule=rule,
            strong_quarters=len(strong),
            latest=latest,
            impact=impact,
            overdue=late,
            adoption=adoption,
        ),
        state=state,
        short=short,
        mentor_call=call,
        held_by_mentor=held and len(short) == 1,
        overdue_checkins=late,
        disagreement=disagreement_sentence(call, held=held, evidence_short=short),
        adoption=adoption,
    )
    forecast = forecast_for(row, pieces, rule=rule, today=today, recorded=recorded)
    return replace(row, forecast=forecast)


def standing_of(rows, *, rule: Rule, open_gaps: int) -> str:
    """Ready, Close or Building: the case's standing from its criteria (module docstring)."""
    if rows and all(row.shown for row in rows) and not open_gaps:
        return READY
    missing = sum(1 for row in rows if not row.shown)
    if rows and all(row.state != NOT_STARTED for row in rows) and missing <= rule.close_max_short:
        return CLOSE
    return BUILDING


def readiness(
    criteria: Iterable[CriterionFact],
    pieces: Iterable[Piece],
    *,
    rule: Rule,
    today: date,
    recorded: Mapping[int, Iterable[date]] | None = None,
    gaps: Iterable[GapFact] = (),
    verdicts: Mapping[int, Iterable[MentorVerdict]] | None = None,
    calls: Mapping[int, MentorCall] | None = None,
    overdue: Mapping[int, int] | None = None,
    teams: Mapping[int, TeamsOn] | None = None,
    target_label: str = "",
    candidacy_id: int | None = None,
    ladder_id: int | None = None,
) -> Readiness:
    """Judge every criterion and the whole case. Pure: the same facts give the same answer.

    `verdicts` are what the reader may see of the mentors' verdicts (for display);
    `calls` are the latest round's call per criterion (for the rule); `overdue` maps an
    artifact id to its check-ins pending past their day; `teams` maps an artifact id to
    the teams claimed and confirming its adoption (facts.TeamsOn)."""
    pieces, gaps = list(pieces), list(gaps)
    recorded, verdicts, calls = recorded or {}, verdicts or {}, calls or {}
    by_criterion, gaps_by_criterion = defaultdict(list), defaultdict(list)
    for piece in pieces:
        by_criterion[piece.criterion_id].append(piece)
    for gap in gaps:
        gaps_by_criterion[gap.criterion_id].append(gap)
    rows = tuple(
        criterion_readiness(
            criterion,
            by_criterion[criterion.id],
            rule=rule,
            today=today,
            recorded=recorded,
            gaps=gaps_by_criterion[criterion.id],
            verdicts=verdicts.get(criterion.id, ()),
            call=calls.get(criterion.id),
            overdue=overdue,
            teams=teams,
        )
        for criterion in criteria
    )
    standing = standing_of(rows, rule=rule, open_gaps=len(gaps))
    ready = standing == READY
    return Readiness(
        today=today,
        rule=rule,
        months=tuple(trailing_months(today, TRAILING_MONTHS)),
        criteria=rows,
        open_gaps=tuple(gaps),
        ready=ready,
        sentence=readiness_sentence(
            rows, open_gaps=len(gaps), standing=standing, target=target_label
        ),
        target_label=target_label,
        candidacy_id=candidacy_id,
        standing=standing,
        ladder_id=ladder_id,
    )
