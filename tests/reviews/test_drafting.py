"""Claims drafted from evidence: sentences a committee reads, each citing its evidence once."""

from datetime import date

from evidence.models import Artifact, ArtifactTag
from reviews.citations import cited_ids
from reviews.drafting import claim_line


def _claim(**fields):
    artifact = Artifact(
        pk=41,
        title="Retry budget library",
        kind="mechanism",
        happened_on=date(2026, 2, 3),
        **fields,
    )
    return claim_line(ArtifactTag(artifact=artifact, strength="strong", rationale="filler"))


def test_a_claim_is_the_impact_as_a_sentence_citing_the_evidence_once():
    line = _claim(impact="cut paging incidents by half", shipped_on=date(2026, 2, 10))
    assert line == (
        "- Cut paging incidents by half. [evidence:41] "
        "(mechanism or shared library, shipped Feb 2026)"
    )
    assert "Retry budget library" not in line, "the citation shows the title; not twice"
    assert "filler" not in line and cited_ids(line) == [41]


def test_a_claim_adds_the_measurement_the_impact_does_not_already_state():
    line = _claim(
        impact="Teams stopped paging each other over retries",
        metrics="pages per week from PagerDuty",
        metric_before="14",
        metric_after="3",
    )
    assert line.startswith(
        "- Teams stopped paging each other over retries. "
        "Pages per week from PagerDuty went from 14 to 3. [evidence:41]"
    )


def test_a_measurement_already_in_the_impact_is_not_repeated():
    line = _claim(
        impact="Took p99 latency from 900 ms to 300 ms; other teams now build on it.",
        metrics="p99 latency",
        metric_before="900 ms",
        metric_after="300 ms",
    )
    assert line.count("900 ms") == 1 and line.count("p99 latency") == 1


def test_evidence_without_impact_says_so_instead_of_inventing_a_claim():
    line = _claim(impact="  ")
    assert line == (
        "- [evidence:41] (mechanism or shared library, Feb 2026): "
        "what changed because of it is not recorded yet."
    )


def test_a_claim_cannot_smuggle_a_citation_or_a_link_through_the_impact():
    line = _claim(impact="see [evidence:99] and [a](javascript:x)")
    assert cited_ids(line) == [41]
