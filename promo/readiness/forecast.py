"""When can a criterion be shown, if the pace holds? And what would bring it forward?

Pure, like the rule. The pace is read from the complete quarters since the person's first
evidence on the criterion (within the ladder's window): the share of them with strong
evidence, and the shipped artifacts per quarter. Future quarters get strong evidence at
that share (a running credit: 1 of 2 quarters is every other quarter), due check-ins are
taken as answered when due, and shipped work matures at the first check-in offset. The
earliest month every condition of the rule holds is the forecast; fewer than
MIN_HISTORY_QUARTERS complete quarters of history is "not enough history", said plainly.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from promo.readiness.calendar import Quarter, month_start
from promo.readiness.facts import STRONG_OR_BETTER

MIN_HISTORY_QUARTERS = 2
HORIZON_QUARTERS = 8  # beyond two years a forecast is a guess, not a pace


@dataclass(frozen=True)
class Forecast:
    kind: str  # "shown", "month", "not at this pace" or "not enough history"
    month: date | None = None
    sentence: str = ""
    levers: tuple[str, ...] = ()


def _history(pieces, today, rule):
    current = Quarter.of(today)
    first = min((Quarter.of(p.happened_on) for p in pieces), default=None)
    if first is None:
        return []
    start = max(first, current.shifted(1 - rule.quarters_window))
    quarters, quarter = [], start
    while quarter < current:
        quarters.append(quarter)
        quarter = quarter.shifted(1)
    return quarters


def _quarters_month(strong, current, rule, rate):
    """First month the window holds enough strong quarters, strong evidence landing at
    `rate` per quarter from now; None within the horizon."""
    projected, credit = set(strong), 0.0
    for ahead in range(HORIZON_QUARTERS):
        quarter = current.shifted(ahead)
        if quarter not in projected:
            credit += rate
            if credit >= 1 - 1e-9:
                projected.add(quarter)
                credit -= 1
        window = {quarter.shifted(-back) for back in range(rule.quarters_window)}
        if len(projected & window) >= rule.quarters_needed:
            return quarter
    return None


def _impact_month(row, pieces, recorded, rule, today, ship_rate):
    """First day enough shipped work has matured, check-ins answered when due."""
    needed = rule.matured_needed - row.impact.matured
    if needed <= 0:
        return today, None
    wait = timedelta(days=rule.first_checkin_offset_days)
    waiting = sorted(
        (
            (max(p.shipped_on + wait, today), p)
            for p in {p.artifact_id: p for p in pieces if p.shipped_on}.values()
            if not any(day >= p.shipped_on + wait for day in recorded.get(p.artifact_id, ()))
        ),
        key=lambda pair: (pair[0], pair[1].artifact_id),
    )
    first = waiting[0] if waiting else None
    days = [day for day, _ in waiting[:needed]]
    if len(days) < needed:
        if ship_rate <= 0:
            return None, first
        every = timedelta(days=round(91 / ship_rate))
        days += [today + every * n + wait for n in range(1, needed - len(days) + 1)]
    return max(days), first


def _levers(row, rule, current, first_waiting):
    levers = []
    if row.overdue_checkins > rule.overdue_checkins_allowed:
        levers.append(f"answering the {row.overdue_checkins} overdue check-ins on its evidence")
    if len(row.strong_quarters) < rule.quarters_needed:
        quarter = _quarters_month(row.strong_quarters, current, rule, rate=1.0)
        this = "this quarter" if current not in row.strong_quarters else "next quarter"
        if quarter is not None:
            levers.append(
                f"strong evidence {this} and every quarter after would show it in {quarter}"
            )
    if first_waiting is not None and row.impact.matured < rule.matured_needed:
        day, piece = first_waiting
        title = piece.title or "its shipped work"
        levers.append(f"a matured check-in on “{title}” in {day:%B %Y}")
    if row.held_by_mentor or "mentor said Not yet" in row.short:
        levers.append("strong evidence dated after the mentor's “Not yet”, or a new round")
    if row.adoption is not None and row.adoption.short:
        levers.insert(0, f"{_still_to_confirm(row.adoption)} confirming that they adopted the work")
    return tuple(levers[:2])


def _still_to_confirm(adoption):
    missing = adoption.needed - adoption.confirmed
    return f"colleagues on {missing} more other team{'s' if missing != 1 else ''}"


def forecast_for(row, pieces, *, rule, today, recorded) -> Forecast:
    """The forecast for one judged criterion (a CriterionReadiness) from its pieces."""
    name = row.criterion.name
    if row.shown:
        return Forecast("shown", month_start(today), f"{name} is shown now.")
    pieces = [p for p in pieces if p.criterion_id == row.criterion.id and p.happened_on <= today]
    history = _history(pieces, today, rule)
    current = Quarter.of(today)
    if len(history) < MIN_HISTORY_QUARTERS:
        first = min((p.happened_on for p in pieces), default=None)
        since = (
            f": the first evidence on it is from {first:%B %Y}" if first else ": no evidence yet"
        )
        return Forecast(
            "not enough history",
            sentence=f"Not enough history to forecast {name}{since}.",
            levers=_levers(row, rule, current, None),
        )
    strong_in_history = {
        Quarter.of(p.happened_on) for p in pieces if p.strength in STRONG_OR_BETTER
    } & set(history)
    rate = len(strong_in_history) / len(history)
    shipped = {
        p.artifact_id for p in pieces if p.shipped_on and Quarter.of(p.shipped_on) in history
    }
    impact_day, first_waiting = _impact_month(
        row, pieces, recorded, rule, today, ship_rate=len(shipped) / len(history)
    )
    quarter = _quarters_month(row.strong_quarters, current, rule, rate)
    levers = _levers(row, rule, current, first_waiting)
    pace = f"strong evidence in {len(strong_in_history)} of the last {len(history)} quarters"
    if quarter is None or impact_day is None:
        why = "" if quarter is None else ": not enough shipped work to mature"
        return Forecast(
            "not at this pace",
            sentence=f"At the current pace ({pace}), {name} will not be shown{why}.",
            levers=levers,
        )
    month = max(month_start(max(quarter.first_day, today)), month_start(impact_day))
    if "mentor said Not yet" in row.short:
        # The hold lifts with strong evidence dated after the call: the next at this pace.
        if rate <= 0:
            return Forecast(
                "not at this pace",
                sentence=f"At the current pace ({pace}), {name} will not be shown.",
                levers=levers,
            )
        month = max(month, month_start(today + timedelta(days=round(91 / rate))))
    # Nobody can forecast a colleague's answer: the month holds once they confirm.
    once = ""
    if row.adoption is not None and row.adoption.short:
        once = f", once {_still_to_confirm(row.adoption)} confirm adoption"
    return Forecast(
        "month",
        month,
        f"At the current pace ({pace}), {name} can be shown in {month:%B %Y}{once}.",
        levers,
    )
