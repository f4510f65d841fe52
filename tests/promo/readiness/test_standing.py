"""The readiness rule's four conditions and Ready / Close / Building, on hand-built facts."""

from datetime import date

import pytest

from promo.readiness.facts import CriterionFact, MentorCall, Piece, Rule
from promo.readiness.rule import readiness

TODAY = date(2026, 2, 1)
CRITERIA = tuple(CriterionFact(i, f"c{i}", f"Criterion {i}") for i in range(1, 7))
RULE = Rule(needs_matured_impact=False)


def strong(criterion, day, artifact_id=None, shipped_on=None):
    return Piece(
        artifact_id=artifact_id or criterion.id * 1000 + day.toordinal() % 1000,
        criterion_id=criterion.id,
        strength="strong",
        happened_on=day,
        shipped_on=shipped_on,
    )


def consistent(criterion):
    """Strong evidence in 3 of the last 4 quarters before TODAY."""
    return [strong(criterion, date(2025, m, 10)) for m in (5, 8, 11)]


def judge(pieces, rule=RULE, **facts):
    return readiness(CRITERIA, pieces, rule=rule, today=TODAY, **facts)


def test_all_consistent_is_ready():
    result = judge([p for c in CRITERIA for p in consistent(c)])
    assert result.standing == "ready" and result.ready


def test_a_mentor_not_yet_holds_an_otherwise_shown_criterion_and_says_so():
    first = CRITERIA[0]
    call = MentorCall("not_yet", date(2025, 12, 1))
    result = judge([p for c in CRITERIA for p in consistent(c)], calls={first.id: call})
    row = result.criteria[0]
    assert not row.shown and row.state == "building" and row.held_by_mentor
    assert row.short == ("mentor said Not yet",)
    assert row.disagreement == (
        "The evidence meets the rule, but the mentor said Not yet on 2025-12-01: "
        "not shown until newer evidence or a new round."
    )
    assert result.standing == "close" and not result.ready


def test_strong_evidence_after_the_not_yet_lifts_the_hold():
    first = CRITERIA[0]
    call = MentorCall("not_yet", date(2025, 12, 1))
    pieces = [p for c in CRITERIA for p in consistent(c)] + [strong(first, date(2026, 1, 15))]
    row = judge(pieces, calls={first.id: call}).criteria[0]
    assert row.shown and not row.held_by_mentor
    assert "strong evidence dated after it counts again" in row.disagreement


def test_a_next_level_call_beside_thin_evidence_is_named():
    first = CRITERIA[0]
    call = MentorCall("next_level", date(2025, 12, 1))
    row = judge([strong(first, date(2025, 11, 3))], calls={first.id: call}).criteria[0]
    assert not row.shown
    assert row.disagreement == (
        "The mentor said Next level on 2025-12-01, but the evidence is short: "
        "strong evidence in 1 of 3 quarters."
    )


def test_matured_impact_needs_the_ladders_count():
    rule = Rule(needs_matured_impact=True, matured_impact_needed=2, checkin_offsets_days=(30,))
    first = CRITERIA[0]
    pieces = [
        strong(first, date(2025, 5, 10), artifact_id=1, shipped_on=date(2025, 5, 10)),
        strong(first, date(2025, 8, 10), artifact_id=2, shipped_on=date(2025, 8, 10)),
        strong(first, date(2025, 11, 10), artifact_id=3),
    ]
    one = judge(pieces, rule=rule, recorded={1: [date(2025, 7, 1)]}).criteria[0]
    assert not one.shown and one.short == ("1 of 2 matured impact",)
    two = judge(pieces, rule=rule, recorded={1: [date(2025, 7, 1)], 2: [date(2025, 10, 1)]})
    assert two.criteria[0].shown


def test_overdue_checkins_beyond_the_allowance_keep_a_criterion_short():
    first = CRITERIA[0]
    pieces = consistent(first)
    within = judge(pieces, overdue={pieces[0].artifact_id: 2}).criteria[0]
    beyond = judge(pieces, overdue={pieces[0].artifact_id: 2, pieces[1].artifact_id: 1})
    assert within.shown and within.overdue_checkins == 2
    assert not beyond.criteria[0].shown and beyond.criteria[0].short == ("3 check-ins overdue",)


@pytest.mark.parametrize(
    ("consistent_count", "building_count", "expected"),
    [
        (6, 0, "ready"),
        (5, 1, "close"),
        (4, 2, "close"),
        (3, 3, "building"),  # three short is more than the default two
        (5, 0, "building"),  # one criterion not started at all
    ],
)
def test_close_is_every_criterion_building_and_at_most_two_short(
    consistent_count, building_count, expected
):
    pieces = [p for c in CRITERIA[:consistent_count] for p in consistent(c)]
    for criterion in CRITERIA[consistent_count : consistent_count + building_count]:
        pieces.append(strong(criterion, date(2026, 1, 10)))
    result = judge(pieces)
    assert result.standing == expected


def test_the_ladder_tunes_how_many_may_be_short():
    pieces = [p for c in CRITERIA[:3] for p in consistent(c)]
    pieces += [strong(c, date(2026, 1, 10)) for c in CRITERIA[3:]]
    assert judge(pieces).standing == "building"
    assert judge(pieces, rule=Rule(needs_matured_impact=False, close_max_short=3)).standing == (
        "close"
    )


def test_the_close_sentence_says_what_is_short():
    pieces = [p for c in CRITERIA[:5] for p in consistent(c)]
    pieces.append(strong(CRITERIA[5], date(2026, 1, 10)))
    result = judge(pieces)
    assert result.sentence == (
        "Close: 5 of 6 criteria shown; short: Criterion 6 (strong evidence in 1 of 3 quarters)."
    )
