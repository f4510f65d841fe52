"""Sentences a promotion committee would accept, one per verdict.

They state the measure, the threshold and the date of the latest evidence, so that a
reader can check the claim against the evidence list without trusting the tool.
"""

from datetime import date


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def impact_clause(impact) -> str:
    """How far the impact of the shipped work cited for a criterion has matured."""
    recent = f" ({impact.too_recent} too recent to assess)" if impact.too_recent else ""
    if impact.matured:
        shipped = _plural(impact.assessable, "shipped artifact")
        return f"impact matured on {impact.matured} of {shipped}{recent}"
    if impact.awaiting:
        waiting = _plural(impact.awaiting, "shipped artifact")
        return f"no impact check-in recorded yet on {waiting}{recent}"
    if impact.too_recent:
        return f"{_plural(impact.too_recent, 'shipped artifact')}, too recent to assess"
    return "no shipped work cited yet"


def impact_brief(impact) -> str:
    """impact_clause in a few words, for a dashboard cell: "impact 1/4 matured, 1 too recent"."""
    recent = f", {impact.too_recent} too recent" if impact.too_recent else ""
    if impact.matured:
        return f"impact {impact.matured}/{impact.assessable} matured{recent}"
    if impact.awaiting:
        return f"impact: {impact.awaiting} awaiting check-in{recent}"
    if impact.too_recent:
        return f"impact: {impact.too_recent} too recent"
    return "no shipped work cited"


def criterion_sentence(name: str, *, rule, strong_quarters: int, latest: date | None, impact):
    """E.g. "Long-term vision: strong evidence in 1 of the last 4 quarters (needs 3);
    latest 2026-03-02." """
    window = _plural(rule.quarters_window, "quarter")
    if latest is None:
        return (
            f"{name}: no evidence yet (needs strong evidence in {rule.quarters_needed} "
            f"of the last {window})."
        )
    parts = [
        f"strong evidence in {strong_quarters} of the last {window} (needs {rule.quarters_needed})"
    ]
    if rule.needs_matured_impact:
        parts.append(impact_clause(impact))
    parts.append(f"latest {latest.isoformat()}")
    return f"{name}: {'; '.join(parts)}."


def readiness_sentence(rows, *, open_gaps: int, ready: bool, target: str = "") -> str:
    """The overall line: ready, or what is still missing."""
    towards = f" for {target}" if target else ""
    if not rows:
        return f"Readiness{towards} cannot be judged: the ladder has no criteria yet."
    if ready:
        return f"Ready{towards}: all {len(rows)} criteria shown and no gaps open."
    shown = sum(1 for row in rows if row.shown)
    parts = [f"{shown} of {len(rows)} criteria shown"]
    missing = [row.criterion.name for row in rows if not row.shown]
    if missing:
        parts[0] += f" (still to show: {', '.join(missing)})"
    if open_gaps:
        parts.append(f"{_plural(open_gaps, 'gap')} from past feedback still open")
    return f"Not ready yet{towards}: {'; '.join(parts)}."
