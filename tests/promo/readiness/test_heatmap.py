"""The heatmap SVG with no, one and many data. Pure: no database."""

import re
from datetime import date

from promo.readiness.facts import CriterionFact, Piece, Rule
from promo.readiness.heatmap import heatmap_svg
from promo.readiness.rule import readiness

TODAY = date(2026, 3, 15)
RULE = Rule(needs_matured_impact=False)


def link(criterion, month):
    return f"/evidence/?criterion={criterion.slug}&from={month:%Y-%m-%d}"


def render(criteria, pieces=()):
    result = readiness(criteria, pieces, rule=RULE, today=TODAY)
    return heatmap_svg(result.criteria, list(result.months), link_for=link)


def test_no_criteria_still_describes_itself():
    svg = render([])
    assert '<title id="heatmap-title">Evidence by criterion and month</title>' in svg
    assert "no criteria yet" in svg
    assert "<a " not in svg


def test_one_piece_lights_one_cell_with_words_and_a_link():
    vision = CriterionFact(1, "vision", "Long-term vision")
    svg = render([vision], [Piece(1, 1, "strong", date(2026, 1, 20), "Vision doc")])
    assert svg.count("<a ") == 12
    assert svg.count('class="heat heat-strong"') == 1
    assert "Long-term vision, January 2026: 1 piece, strongest strong" in svg
    assert "Long-term vision, December 2025: no evidence" in svg
    assert 'href="/evidence/?criterion=vision&amp;from=2026-01-01"' in svg
    assert "1 criterion-months have strong or exemplary evidence" in svg


def test_many_criteria_and_months():
    criteria = [CriterionFact(i, f"c{i}", f"Criterion {i}") for i in range(1, 7)]
    pieces = [
        Piece(i * 100 + m, i, ("signal", "strong", "exemplary")[m % 3], date(2025, m, 1))
        for i in range(1, 7)
        for m in range(4, 13)
    ]
    svg = render(criteria, pieces)
    assert svg.count("<a ") == 72
    assert len(re.findall(r'class="heat heat-(signal|strong|exemplary)"', svg)) == 54
    assert "April 2025 to March 2026" in svg


def test_it_uses_no_style_attributes_and_escapes_names():
    sneaky = CriterionFact(1, "x", '<script>alert("x")</script>')
    svg = render([sneaky], [Piece(1, 1, "exemplary", date(2026, 3, 1))])
    assert "style=" not in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
