"""The readiness rule, over plain data.

A criterion is *shown* when strong-or-better evidence appears in at least
`quarters_needed` of the last `quarters_window` calendar quarters (the current one
included) and, when the ladder asks for it, at least one shipped artifact cited for it
has matured impact. A candidacy is *ready* when every criterion is shown and no gap from
past feedback is open.

Impact has matured when a check-in was recorded on or after the artifact's shipped-on
date plus the ladder's first check-in offset. The comparison uses the artifact's current
shipped-on date, so a check-in recorded before the work was re-dated to ship later no
longer counts: nobody could have seen that impact yet.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from promo.readiness.calendar import Quarter, month_start, trailing_months, trailing_quarters
from promo.readiness.explain import criterion_sentence, readiness_sentence
from promo.readiness.facts import (
    STRENGTH_RANK,
    STRENGTHS,
    STRONG_OR_BETTER,
    CriterionFact,
    CriterionReadiness,
    GapFact,
    Impact,
    MentorVerdict,
    MonthCell,
    Piece,
    Readiness,
    Rule,
)

TRAILING_MONTHS = 12
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


def criterion_readiness(
    criterion: CriterionFact,
    pieces: list[Piece],
    *,
    rule: Rule,
    today: date,
    recorded: Mapping[int, Iterable[date]],
    gaps: Iterable[GapFact] = (),
    verdicts: Iterable[MentorVerdict] = (),
) -> CriterionReadiness:
    """Judge one criterion. Pieces dated after `today` are ignored: they have not happened."""
    pieces = [p for p in pieces if p.criterion_id == criterion.id and p.happened_on <= today]
    quarters = trailing_quarters(today, rule.quarters_window)
    strong = strong_quarters_of(pieces, quarters)
    impact = impact_of(pieces, recorded, rule, today)
    latest = max((p.happened_on for p in pieces), default=None)
    shown = len(strong) >= rule.quarters_needed and (
        not rule.needs_matured_impact or impact.matured > 0
    )
    counts = dict.fromkeys(STRENGTHS, 0)
    for piece in pieces:
        counts[piece.strength] += 1
    return CriterionReadiness(
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
            criterion.name, rule=rule, strong_quarters=len(strong), latest=latest, impact=impact
        ),
    )


def readiness(
    criteria: Iterable[CriterionFact],
    pieces: Iterable[Piece],
    *,
    rule: Rule,
    today: date,
    recorded: Mapping[int, Iterable[date]] | None = None,
    gaps: Iterable[GapFact] = (),
    verdicts: Mapping[int, Iterable[MentorVerdict]] | None = None,
    target_label: str = "",
    candidacy_id: int | None = None,
) -> Readiness:
    """Judge every criterion and the whole case. Pure: the same facts give the same answer."""
    pieces, gaps = list(pieces), list(gaps)
    recorded, verdicts = recorded or {}, verdicts or {}
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
        )
        for criterion in criteria
    )
    ready = bool(rows) and all(row.shown for row in rows) and not gaps
    return Readiness(
        today=today,
        rule=rule,
        months=tuple(trailing_months(today, TRAILING_MONTHS)),
        criteria=rows,
        open_gaps=tuple(gaps),
        ready=ready,
        sentence=readiness_sentence(rows, open_gaps=len(gaps), ready=ready, target=target_label),
        target_label=target_label,
        candidacy_id=candidacy_id,
    )
