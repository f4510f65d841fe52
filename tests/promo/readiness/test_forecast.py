"""The forecast on constructed histories: steady, flash, gap, too recent, and maturing impact.

Today is 15 February 2026 (Q1 2026); the window is the last 4 quarters, 3 needed."""

from datetime import date

from promo.readiness.facts import CriterionFact, Piece, Rule
from promo.readiness.rule import readiness

TODAY = date(2026, 2, 15)
DELIVERY = CriterionFact(1, "impact", "Delivery")
QUARTERS_ONLY = Rule(needs_matured_impact=False)


def strong(day, artifact_id=None, shipped_on=None, title=""):
    return Piece(
        artifact_id or day.toordinal(), DELIVERY.id, "strong", day, title, shipped_on=shipped_on
    )


def forecast(pieces, rule=QUARTERS_ONLY, **facts):
    row = readiness([DELIVERY], pieces, rule=rule, today=TODAY, **facts).criteria[0]
    return row.forecast


def test_steady_evidence_is_shown_this_quarter_if_it_keeps_coming():
    result = forecast([strong(date(2025, 8, 4)), strong(date(2025, 11, 3))])
    assert result.kind == "month" and result.month == date(2026, 2, 1)
    assert result.sentence == (
        "At the current pace (strong evidence in 2 of the last 2 quarters), "
        "Delivery can be shown in February 2026."
    )


def test_a_flash_of_evidence_is_not_a_pace_that_shows_it():
    result = forecast([strong(date(2025, 8, day)) for day in (4, 11, 18, 25)])
    assert result.kind == "not at this pace" and result.month is None
    assert result.sentence == (
        "At the current pace (strong evidence in 1 of the last 2 quarters), "
        "Delivery will not be shown."
    )
    assert result.levers == (
        "strong evidence this quarter and every quarter after would show it in Q2 2026",
    )


def test_a_gap_slows_the_pace_and_this_quarter_brings_it_forward():
    result = forecast([strong(date(2025, 5, 5)), strong(date(2025, 8, 4))])
    assert result.kind == "month" and result.month == date(2027, 1, 1)
    assert "strong evidence in 2 of the last 3 quarters" in result.sentence
    assert result.levers == (
        "strong evidence this quarter and every quarter after would show it in Q1 2026",
    )


def test_too_recent_a_history_is_said_plainly():
    result = forecast([strong(date(2026, 1, 12))])
    assert result.kind == "not enough history"
    assert result.sentence == (
        "Not enough history to forecast Delivery: the first evidence on it is from January 2026."
    )
    assert forecast([]).sentence == "Not enough history to forecast Delivery: no evidence yet."


def test_maturing_impact_sets_the_month_and_names_the_check_in():
    rule = Rule(needs_matured_impact=True, matured_impact_needed=2, checkin_offsets_days=(30,))
    pieces = [
        strong(date(2025, 5, 5), artifact_id=1, shipped_on=date(2025, 5, 5)),
        strong(date(2025, 8, 4)),
        strong(date(2025, 11, 3)),
        strong(date(2026, 2, 2), artifact_id=2, shipped_on=date(2026, 2, 2), title="Retry budget"),
    ]
    result = forecast(pieces, rule=rule, recorded={1: [date(2025, 6, 10)]})
    assert result.kind == "month" and result.month == date(2026, 3, 1)
    assert result.levers == ("a matured check-in on “Retry budget” in March 2026",)


def test_a_shown_criterion_needs_no_forecast():
    pieces = [strong(date(2025, m, 5)) for m in (5, 8, 11)]
    assert forecast(pieces).kind == "shown"


def test_a_mentors_not_yet_waits_for_the_next_strong_evidence_at_this_pace():
    from promo.readiness.facts import MentorCall

    pieces = [strong(date(2025, m, 5)) for m in (5, 8, 11)]
    call = {DELIVERY.id: MentorCall("not_yet", date(2025, 12, 1))}
    result = forecast(pieces, calls=call)
    # Strong evidence in 3 of the last 3 quarters: the next arrives within a quarter.
    assert result.kind == "month" and result.month == date(2026, 5, 1)
    assert result.levers == ("strong evidence dated after the mentor's “Not yet”, or a new round",)
