"""The pure parts of reviews: citations, anchors and their carry-over."""

import pytest

from reviews import anchors
from reviews.anchors import ARTIFACT, PASSAGE, SECTION, Anchor, AnchorError, relocate, validate
from reviews.citations import cited_ids, cited_ids_in, replace_markers
from reviews.sections import as_markdown, criterion_id_from_key, criterion_key

BODIES = {
    "summary": "I led the payments migration and it cut latency by half.",
    "criterion-1": "Designed the ledger [evidence:7]. Mentored two engineers [evidence:9].",
    "whats-next": "Grow the platform team.",
}


def test_citations_are_listed_once_in_order():
    assert cited_ids("a [evidence:9] b [evidence:7] c [evidence:9]") == [9, 7]
    assert cited_ids_in([{"body": "[evidence:2]"}, {"body": "[evidence:1] [evidence:2]"}]) == [2, 1]
    assert replace_markers("x [evidence:3] y", lambda i: f"<{i}>") == "x <3> y"


def test_section_keys_round_trip():
    assert criterion_id_from_key(criterion_key(12)) == 12
    assert criterion_id_from_key("summary") is None
    assert criterion_id_from_key("criterion-x") is None


def test_markdown_has_a_heading_per_section():
    text = as_markdown([{"title": "Summary", "body": "Hi"}, {"title": "Scope", "body": ""}], "Doc")
    assert text == "# Doc\n\n## Summary\n\nHi\n\n## Scope\n\n_(empty)_\n"


def test_validate_fills_offsets_for_a_passage_quoted_without_them():
    anchor = validate(Anchor(PASSAGE, "summary", quote="cut latency"), BODIES)
    assert BODIES["summary"][anchor.start : anchor.end] == "cut latency"


@pytest.mark.parametrize(
    "anchor, message",
    [
        (Anchor(SECTION, "nope"), "not in this version"),
        (Anchor(PASSAGE, "summary", quote="ab"), "at least"),
        (Anchor(PASSAGE, "summary", quote="absent text"), "not in this section"),
        (Anchor(PASSAGE, "summary", quote="payments", start=0, end=8), "does not match"),
        (Anchor(ARTIFACT, "summary", artifact_id=7), "does not cite"),
        (Anchor("elsewhere", "summary"), "Unknown anchor"),
    ],
)
def test_validate_refuses_anchors_that_point_at_nothing(anchor, message):
    with pytest.raises(AnchorError, match=message):
        validate(anchor, BODIES)


def test_a_section_anchor_carries_over_while_the_section_exists():
    anchor = Anchor(SECTION, "criterion-1")
    assert relocate(anchor, {**BODIES, "criterion-1": "rewritten"}) == anchor
    assert relocate(anchor, {"summary": "", "whats-next": ""}) is None


def test_an_unchanged_passage_keeps_its_offsets():
    anchor = validate(Anchor(PASSAGE, "summary", quote="payments migration"), BODIES)
    assert relocate(anchor, BODIES) == anchor


def test_a_passage_moved_by_an_edit_above_it_follows_the_text():
    anchor = validate(Anchor(PASSAGE, "summary", quote="cut latency"), BODIES)
    moved = relocate(anchor, {**BODIES, "summary": "New opening line. " + BODIES["summary"]})
    assert (moved.start, moved.quote) == (anchor.start + 18, "cut latency")


def test_a_repeated_passage_picks_the_occurrence_nearest_the_old_place():
    body = "ship it. then ship it. finally ship it."
    anchor = validate(
        Anchor(PASSAGE, "summary", quote="ship it", start=14, end=21), {"summary": body}
    )
    moved = relocate(anchor, {"summary": "Intro. " + body})
    assert moved.start == 21


def test_a_passage_rewrapped_across_lines_still_carries_over():
    anchor = validate(Anchor(PASSAGE, "summary", quote="cut latency by half"), BODIES)
    moved = relocate(anchor, {"summary": "It cut\nlatency  by half."})
    assert moved.quote == "cut\nlatency  by half"


def test_a_passage_moved_to_another_section_follows_it():
    anchor = validate(Anchor(PASSAGE, "summary", quote="cut latency"), BODIES)
    moved = relocate(anchor, {"summary": "Short now.", "whats-next": "We cut latency again."})
    assert moved.section_key == "whats-next"


def test_a_deleted_passage_is_outdated():
    anchor = validate(Anchor(PASSAGE, "summary", quote="cut latency"), BODIES)
    assert relocate(anchor, {**BODIES, "summary": "Entirely different words."}) is None


def test_a_passage_whose_section_went_is_outdated_unless_the_text_moved():
    anchor = validate(Anchor(PASSAGE, "criterion-1", quote="Designed the ledger"), BODIES)
    assert relocate(anchor, {"summary": "x"}) is None


def test_a_cited_artifact_carries_over_wherever_it_is_still_cited():
    anchor = validate(Anchor(ARTIFACT, "criterion-1", artifact_id=7), BODIES)
    assert relocate(anchor, BODIES) == anchor
    moved = relocate(anchor, {"criterion-1": "no cites", "summary": "see [evidence:7]"})
    assert moved.section_key == "summary"
    assert relocate(anchor, {"criterion-1": "see [evidence:70]"}) is None


def test_context_keeps_the_passage_with_some_text_around_it():
    body = "a" * 200 + "QUOTE" + "b" * 200
    context = anchors.context_around(body, 200, 205, width=10)
    assert context == "…" + "a" * 10 + "QUOTE" + "b" * 10 + "…"
