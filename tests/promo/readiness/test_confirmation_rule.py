"""A criterion that needs confirmation, on hand-built facts: it counts the distinct other
teams that confirmed adoption, never the owner's own list. Pure: no database."""

from datetime import date

from promo.readiness.facts import BUILDING, SHOWN, CriterionFact, Piece, Rule, TeamsOn
from promo.readiness.rule import readiness

LEVERAGE = CriterionFact(
    4, "leverage", "Cross-team leverage", needs_confirmation=True, min_confirming_teams=2
)
VISION = CriterionFact(5, "vision", "Long-term vision")
RULE = Rule(quarters_needed=3, quarters_window=4, needs_matured_impact=False)
TODAY = date(2026, 3, 15)
DAYS = (date(2025, 5, 5), date(2025, 8, 5), date(2025, 11, 5))


def consistent(criterion, first_id=1):
    """Strong evidence in three quarters: enough for the rule, confirmation aside."""
    return [
        Piece(first_id + n, criterion.id, "strong", day, f"work {n}") for n, day in enumerate(DAYS)
    ]


def judge(criterion, teams, pieces=None):
    pieces = consistent(criterion) if pieces is None else pieces
    return readiness([criterion], pieces, rule=RULE, today=TODAY, teams=teams).criteria[0]


def test_it_is_shown_only_when_enough_other_teams_confirmed():
    one = judge(LEVERAGE, {1: TeamsOn(frozenset({10, 11, 12}), frozenset({10}))})
    assert not one.shown and one.state == BUILDING
    assert one.short == ("1 of 2 other teams confirmed adoption",)
    assert "adopted by 3 teams, 1 confirmed (needs 2 other teams)" in one.sentence
    two = judge(
        LEVERAGE,
        {1: TeamsOn(frozenset({10, 11, 12}), frozenset({10})), 2: TeamsOn(confirming={11})},
    )
    assert two.shown and two.state == SHOWN
    assert "adopted by 3 teams, 2 confirmed" in two.sentence


def test_the_owners_own_list_counts_for_nothing():
    row = judge(LEVERAGE, {1: TeamsOn(claimed=frozenset({10, 11, 12, 13}))})
    assert not row.shown and row.adoption.claimed == 4 and row.adoption.confirmed == 0
    assert "adopted by 4 teams, 0 confirmed" in row.sentence


def test_one_team_confirming_on_several_artifacts_counts_once():
    row = judge(LEVERAGE, {1: TeamsOn(confirming={10}), 2: TeamsOn(confirming={10})})
    assert row.adoption.confirmed == 1 and not row.shown


def test_min_confirming_teams_of_one_is_met_by_one_team():
    once = CriterionFact(4, "leverage", "Cross-team leverage", needs_confirmation=True)
    assert judge(once, {3: TeamsOn(confirming={10})}).shown


def test_confirmations_on_work_not_cited_for_it_do_not_count():
    row = judge(LEVERAGE, {99: TeamsOn(confirming={10, 11})})
    assert row.adoption.confirmed == 0 and not row.shown


def test_a_criterion_without_the_setting_ignores_confirmations():
    row = judge(VISION, {})
    assert row.shown and row.adoption is None and "adopted" not in row.sentence


def test_confirmation_short_alone_keeps_the_rest_of_the_rule_honest():
    """Evidence meets every other condition: the forecast names the confirmations."""
    row = judge(LEVERAGE, {1: TeamsOn(confirming={10})})
    assert row.forecast.levers[0].startswith("colleagues on 1 more other team confirming")


def test_no_evidence_says_what_it_will_need():
    row = judge(LEVERAGE, {}, pieces=[])
    assert "adoption confirmed by 2 other teams" in row.sentence and not row.shown
