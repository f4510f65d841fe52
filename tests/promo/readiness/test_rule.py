"""The readiness rule against hand-built timelines. Pure: no database."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from promo.readiness.calendar import (
    Quarter,
    local_today,
    month_end,
    trailing_months,
    trailing_quarters,
)
from promo.readiness.facts import CriterionFact, GapFact, Piece, Rule
from promo.readiness.rule import impact_of, readiness

VISION = CriterionFact(1, "vision", "Long-term vision")
SCOPE = CriterionFact(2, "scope", "Scope and complexity")
RULE = Rule(
    quarters_needed=3, quarters_window=4, needs_matured_impact=True, matured_impact_needed=1
)
NO_IMPACT_RULE = Rule(quarters_needed=3, quarters_window=4, needs_matured_impact=False)


def piece(day, strength="strong", criterion=VISION, artifact_id=None, shipped_on=None):
    return Piece(
        artifact_id=artifact_id or day.toordinal(),
        criterion_id=criterion.id,
        strength=strength,
        happened_on=day,
        title=f"work of {day}",
        shipped_on=shipped_on,
    )


def judge(pieces, today, rule=NO_IMPACT_RULE, criteria=(VISION,), **kwargs):
    return readiness(list(criteria), pieces, rule=rule, today=today, **kwargs)


def test_trailing_months_cross_the_year_and_include_this_month():
    months = trailing_months(date(2026, 1, 31))
    assert months[0] == date(2025, 2, 1) and months[-1] == date(2026, 1, 1)
    assert len(months) == 12
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)


def test_quarter_boundaries():
    assert Quarter.of(date(2026, 3, 31)) == Quarter(2026, 1)
    assert Quarter.of(date(2026, 4, 1)) == Quarter(2026, 2)
    assert Quarter(2026, 1).shifted(-1) == Quarter(2025, 4)
    assert Quarter(2025, 4).last_day == date(2025, 12, 31)
    assert trailing_quarters(date(2026, 1, 5), 4) == [
        Quarter(2025, 2),
        Quarter(2025, 3),
        Quarter(2025, 4),
        Quarter(2026, 1),
    ]


def test_today_is_the_persons_local_date():
    instant = datetime(2026, 3, 31, 22, 0, tzinfo=ZoneInfo("UTC"))
    assert local_today(instant, ZoneInfo("Asia/Kolkata")) == date(2026, 4, 1)
    assert local_today(instant, ZoneInfo("America/Los_Angeles")) == date(2026, 3, 31)


def test_strong_evidence_in_three_of_four_quarters_is_shown():
    pieces = [piece(date(2025, 5, 2)), piece(date(2025, 8, 9)), piece(date(2026, 1, 20))]
    row = judge(pieces, date(2026, 2, 1)).criteria[0]
    assert row.shown and row.verdict == "shown"
    assert [str(q) for q in row.strong_quarters] == ["Q2 2025", "Q3 2025", "Q1 2026"]
    assert row.sentence == (
        "Long-term vision: strong evidence in 3 of the last 4 quarters (needs 3); "
        "latest 2026-01-20."
    )


def test_a_flash_of_evidence_in_one_quarter_is_not_consistency():
    pieces = [piece(date(2026, 1, day)) for day in (2, 9, 16, 23, 30)]
    row = judge(pieces, date(2026, 3, 2)).criteria[0]
    assert not row.shown
    assert row.counts == {"signal": 0, "strong": 5, "exemplary": 0}
    assert row.sentence == (
        "Long-term vision: strong evidence in 1 of the last 4 quarters (needs 3); "
        "latest 2026-01-30."
    )


def test_last_day_and_first_day_of_a_quarter_are_two_quarters():
    pieces = [piece(date(2025, 12, 31)), piece(date(2026, 1, 1)), piece(date(2025, 9, 30))]
    row = judge(pieces, date(2026, 1, 1)).criteria[0]
    assert len(row.strong_quarters) == 3 and row.shown


def test_signals_count_as_evidence_but_not_as_strong_months():
    pieces = [piece(date(2025, m, 10), "signal") for m in (6, 9, 12)]
    pieces.append(piece(date(2026, 2, 3), "exemplary"))
    row = judge(pieces, date(2026, 2, 28)).criteria[0]
    assert row.strong_months == (date(2026, 2, 1),)
    assert len(row.strong_quarters) == 1 and not row.shown
    december = next(cell for cell in row.months if cell.month == date(2025, 12, 1))
    assert december.count == 1 and december.strongest == "signal"


def test_the_window_follows_the_persons_today_across_a_quarter_boundary():
    pieces = [piece(date(2025, 5, 1)), piece(date(2025, 8, 1)), piece(date(2025, 11, 1))]
    # Still 31 March for someone in Los Angeles: Q2 2025 is inside the last 4 quarters.
    assert judge(pieces, date(2026, 3, 31)).criteria[0].shown
    # Already 1 April in Kolkata: Q2 2025 has left the window.
    assert not judge(pieces, date(2026, 4, 1)).criteria[0].shown


def test_evidence_dated_in_the_future_does_not_count_yet():
    pieces = [piece(date(2025, 8, 1)), piece(date(2025, 11, 1)), piece(date(2026, 3, 1))]
    row = judge(pieces, date(2026, 2, 1)).criteria[0]
    assert not row.shown and row.latest_on == date(2025, 11, 1)
    assert row.days_since_latest == 92


def test_empty_criteria_and_an_empty_ladder():
    result = judge([], date(2026, 2, 1), criteria=(VISION, SCOPE))
    assert not result.ready
    assert result.criteria[1].sentence == (
        "Scope and complexity: no evidence yet (needs strong evidence in 3 of the last 4 quarters)."
    )
    assert all(cell.count == 0 for cell in result.criteria[0].months)
    nothing = judge([], date(2026, 2, 1), criteria=())
    assert not nothing.ready
    assert nothing.sentence == "Readiness cannot be judged: the ladder has no criteria yet."


def test_a_ladder_with_changed_thresholds_changes_the_verdict():
    pieces = [piece(date(2025, 11, 3)), piece(date(2026, 1, 4))]
    assert not judge(pieces, date(2026, 2, 1)).criteria[0].shown
    lenient = Rule(quarters_needed=2, quarters_window=3, needs_matured_impact=False)
    row = judge(pieces, date(2026, 2, 1), rule=lenient).criteria[0]
    assert row.shown
    assert "strong evidence in 2 of the last 3 quarters (needs 2)" in row.sentence
    strict = Rule(quarters_needed=2, quarters_window=2, needs_matured_impact=False)
    assert judge(pieces, date(2026, 4, 1), rule=strict).criteria[0].shown is False


SHIPPED = date(2025, 6, 1)


def test_impact_matures_only_with_a_checkin_recorded_after_the_first_offset():
    pieces = [piece(date(2025, 6, 1), artifact_id=7, shipped_on=SHIPPED)]
    today = date(2026, 1, 1)
    assert impact_of(pieces, {}, RULE, today).awaiting == 1
    assert impact_of(pieces, {7: [date(2025, 7, 1)]}, RULE, today).matured == 1
    # Recorded 29 days after shipping: a forecast, not an outcome.
    assert impact_of(pieces, {7: [date(2025, 6, 30)]}, RULE, today).matured == 0


def test_recently_shipped_work_is_too_recent_to_assess():
    pieces = [
        piece(date(2026, 1, 10), artifact_id=1, shipped_on=date(2026, 1, 10)),
        piece(date(2025, 6, 1), artifact_id=2, shipped_on=SHIPPED),
    ]
    impact = impact_of(pieces, {2: [date(2025, 9, 1)]}, RULE, date(2026, 2, 1))
    assert (impact.matured, impact.awaiting, impact.too_recent) == (1, 0, 1)
    assert impact.share == 1.0
    assert impact_of(pieces[:1], {}, RULE, date(2026, 2, 1)).share is None


def test_a_criterion_needs_matured_impact_when_the_ladder_says_so():
    pieces = [
        piece(date(2025, 5, 2), artifact_id=1, shipped_on=date(2025, 5, 2)),
        piece(date(2025, 8, 9), artifact_id=2),
        piece(date(2026, 1, 20), artifact_id=3, shipped_on=date(2026, 1, 20)),
    ]
    row = judge(pieces, date(2026, 2, 1), rule=RULE).criteria[0]
    assert not row.shown
    assert row.sentence == (
        "Long-term vision: strong evidence in 3 of the last 4 quarters (needs 3); "
        "no impact check-in recorded yet on 1 shipped artifact (1 too recent to assess) "
        "(needs 1); latest 2026-01-20."
    )
    row = judge(pieces, date(2026, 2, 1), rule=RULE, recorded={1: [date(2025, 8, 1)]}).criteria[0]
    assert row.shown
    assert "impact matured on 1 of 1 shipped artifact (1 too recent to assess)" in row.sentence


def test_redating_shipped_work_after_a_checkin_unmatures_it():
    recorded = {1: [date(2025, 8, 1)]}
    before = [piece(date(2025, 5, 2), artifact_id=1, shipped_on=date(2025, 5, 2))]
    after = [piece(date(2025, 5, 2), artifact_id=1, shipped_on=date(2025, 7, 20))]
    assert impact_of(before, recorded, RULE, date(2026, 2, 1)).matured == 1
    assert impact_of(after, recorded, RULE, date(2026, 2, 1)).awaiting == 1


def test_untagged_work_no_longer_counts_for_the_criterion():
    tagged = [piece(date(2025, 5, 2), artifact_id=1, shipped_on=date(2025, 5, 2))]
    recorded = {1: [date(2025, 8, 1)]}
    assert judge(tagged, date(2026, 2, 1), rule=RULE, recorded=recorded).criteria[0].impact.matured
    untagged = judge([], date(2026, 2, 1), rule=RULE, recorded=recorded).criteria[0]
    assert untagged.impact.matured == 0 and untagged.total == 0


def test_ready_needs_every_criterion_shown_and_no_open_gap():
    pieces = [
        piece(date(2025, m, 5), criterion=c, artifact_id=c.id * 100 + m)
        for c in (VISION, SCOPE)
        for m in (5, 8, 11)
    ]
    result = judge(pieces, date(2026, 1, 2), criteria=(VISION, SCOPE), target_label="L6 Senior")
    assert result.ready
    assert result.sentence == "Ready for L6 Senior: all 2 criteria shown and no gaps open."
    gap = GapFact(1, SCOPE.id, "Show a design others build on", date(2025, 12, 1))
    result = judge(pieces, date(2026, 1, 2), criteria=(VISION, SCOPE), gaps=[gap])
    assert not result.ready and result.criteria[1].gaps == (gap,)
    assert result.sentence == ("Close: 2 of 2 criteria shown; 1 gap from past feedback still open.")


def test_the_overall_sentence_names_what_is_missing():
    pieces = [piece(date(2025, m, 5), artifact_id=m) for m in (5, 8, 11)]
    result = judge(pieces, date(2026, 1, 2), criteria=(VISION, SCOPE), target_label="L6")
    assert result.standing == "building"
    assert result.sentence == (
        "Building for L6: 1 of 2 criteria shown; "
        "short: Scope and complexity (strong evidence in 0 of 3 quarters)."
    )


def test_strongest_evidence_comes_first():
    pieces = [
        piece(date(2025, 5, 1), "signal", artifact_id=1),
        piece(date(2025, 6, 1), "exemplary", artifact_id=2),
        piece(date(2025, 7, 1), "strong", artifact_id=3),
        piece(date(2025, 8, 1), "strong", artifact_id=4),
    ]
    row = judge(pieces, date(2026, 1, 2)).criteria[0]
    assert [p.artifact_id for p in row.strongest] == [2, 4, 3]


def test_mentor_verdicts_are_passed_through_per_criterion():
    from promo.readiness.facts import MentorVerdict

    verdict = MentorVerdict("Pia Principal", "shown", "Clear vision doc")
    result = judge([], date(2026, 1, 2), criteria=(VISION, SCOPE), verdicts={VISION.id: [verdict]})
    assert result.criteria[0].mentor_verdicts == (verdict,)
    assert result.criteria[1].mentor_verdicts == ()


def test_a_dashboard_cell_states_impact_in_a_few_words():
    from promo.readiness.explain import impact_brief
    from promo.readiness.facts import Impact

    assert impact_brief(Impact(matured=1, awaiting=3, too_recent=1)) == (
        "impact 1/4 matured, 1 too recent"
    )
    assert impact_brief(Impact(awaiting=2)) == "impact: 2 awaiting check-in"
    assert impact_brief(Impact(too_recent=2)) == "impact: 2 too recent"
    assert impact_brief(Impact()) == "no shipped work cited"
