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


def short_reasons(
    rule, *, strong_quarters: int, impact, overdue: int, adoption=None
) -> tuple[str, ...]:
    """What keeps a criterion's evidence from meeting the rule, a few words each (the
    mentor's call is added by the rule). Empty when the evidence meets it."""
    reasons = []
    if strong_quarters < rule.quarters_needed:
        reasons.append(f"strong evidence in {strong_quarters} of {rule.quarters_needed} quarters")
    if impact.matured < rule.matured_needed:
        reasons.append(f"{impact.matured} of {rule.matured_needed} matured impact")
    if overdue > rule.overdue_checkins_allowed:
        reasons.append(f"{_plural(overdue, 'check-in')} overdue")
    if adoption is not None and adoption.short:
        reasons.append(
            f"{adoption.confirmed} of {_plural(adoption.needed, 'other team')} confirmed adoption"
        )
    return tuple(reasons)


def disagreement_sentence(call, *, held: bool, evidence_short) -> str:
    """Where the evidence and the latest mentor call point different ways, say so."""
    if call is None:
        return ""
    evidence_ok = held and len(evidence_short) == 1
    if held and evidence_ok:
        return (
            f"The evidence meets the rule, but the mentor said Not yet on "
            f"{call.given_on.isoformat()}: not shown until newer evidence or a new round."
        )
    if call.value == "next_level" and evidence_short:
        return (
            f"The mentor said Next level on {call.given_on.isoformat()}, but the evidence "
            f"is short: {'; '.join(evidence_short)}."
        )
    if call.value == "not_yet" and not held:
        return (
            f"The mentor said Not yet on {call.given_on.isoformat()}; strong evidence "
            "dated after it counts again."
        )
    return ""


def criterion_sentence(
    name: str,
    *,
    rule,
    strong_quarters: int,
    latest: date | None,
    impact,
    overdue: int = 0,
    adoption=None,
):
    """E.g. "Long-term vision: strong evidence in 1 of the last 4 quarters (needs 3);
    latest 2026-03-02." A criterion that needs confirmation adds "adopted by 3 teams,
    2 confirmed (needs 2 other teams)"."""
    window = _plural(rule.quarters_window, "quarter")
    if latest is None:
        confirming = (
            f" and adoption confirmed by {_plural(adoption.needed, 'other team')}"
            if adoption is not None
            else ""
        )
        return (
            f"{name}: no evidence yet (needs strong evidence in {rule.quarters_needed} "
            f"of the last {window}{confirming})."
        )
    parts = [
        f"strong evidence in {strong_quarters} of the last {window} (needs {rule.quarters_needed})"
    ]
    if rule.needs_matured_impact:
        parts.append(f"{impact_clause(impact)} (needs {rule.matured_needed})")
    if overdue:
        parts.append(
            f"{_plural(overdue, 'check-in')} overdue (allows {rule.overdue_checkins_allowed})"
        )
    if adoption is not None:
        needed = _plural(adoption.needed, "other team")
        parts.append(f"{adoption} (needs {needed})")
    parts.append(f"latest {latest.isoformat()}")
    return f"{name}: {'; '.join(parts)}."


def _short_list(rows) -> str:
    return "; ".join(f"{row.criterion.name} ({', '.join(row.short)})" for row in rows)


def readiness_sentence(rows, *, open_gaps: int, standing: str, target: str = "") -> str:
    """The overall line: ready, or close and what is short, or still building."""
    towards = f" for {target}" if target else ""
    if not rows:
        return f"Readiness{towards} cannot be judged: the ladder has no criteria yet."
    if standing == "ready":
        return f"Ready{towards}: all {len(rows)} criteria shown and no gaps open."
    shown = sum(1 for row in rows if row.shown)
    parts = [f"{shown} of {len(rows)} criteria shown"]
    missing = [row for row in rows if not row.shown]
    if missing:
        parts.append(f"short: {_short_list(missing)}")
    if open_gaps:
        parts.append(f"{_plural(open_gaps, 'gap')} from past feedback still open")
    lead = "Close" if standing == "close" else "Building"
    return f"{lead}{towards}: {'; '.join(parts)}."


def confirmation_in_words(confirming) -> str:
    """The confirmation condition for `confirming`: [(criterion name, teams needed)]."""
    which = (
        "; ".join(f"{name}: {_plural(needed, 'other team')}" for name, needed in confirming)
        if confirming
        else "none on this ladder"
    )
    return (
        "A criterion the ladder marks “needs confirmation” is shown only when colleagues on "
        "enough other teams have confirmed that their team adopted the work cited for it, "
        f"through “Ask colleagues to confirm this” ({which}). Each team counts once, as the "
        "organisation is now. The teams the owner lists as having adopted it do not count "
        "on their own, and neither do confirmations from the owner's teammates or from "
        "anyone above them in the management chain: those show as “confirmed by a "
        "teammate” or “by their manager”."
    )


def rule_in_words(rule, confirming=()) -> list[tuple[str, str]]:
    """The readiness rule with one ladder's numbers, as (heading, sentence) pairs: what the
    "How is this decided?" page shows. It states what promo/readiness/rule.py computes.
    `confirming`: the ladder's criteria that need confirmation, as (name, teams needed)."""
    window = _plural(rule.quarters_window, "calendar quarter")
    impact = (
        f"At least {_plural(rule.matured_impact_needed, 'shipped artifact')} cited for the "
        "criterion must have matured impact: a check-in recorded at least "
        f"{_plural(rule.first_checkin_offset_days, 'day')} after it shipped."
        if rule.needs_matured_impact
        else "This ladder does not ask for matured impact."
    )
    return [
        (
            "Consistency",
            f"Strong or exemplary evidence in at least {rule.quarters_needed} of the last "
            f"{window} (this quarter included).",
        ),
        ("Matured impact", impact),
        (
            "Answered check-ins",
            f"At most {_plural(rule.overdue_checkins_allowed, 'check-in')} overdue on the "
            "artifacts cited for the criterion; more means its impact is unverified.",
        ),
        (
            "The mentor's latest call",
            "If any mentor said “Not yet” on the criterion in the latest review round, it is "
            "not shown, however strong the evidence, until strong evidence dated after that "
            "call arrives or a new round gives a new call. Where the evidence and the mentor "
            "disagree, the criterion says so in words.",
        ),
        ("Confirmed by other teams", confirmation_in_words(confirming)),
        (
            "Ready",
            "Every criterion is shown (all the conditions above) and no gap from past "
            "feedback is open.",
        ),
        (
            "Close",
            "Not ready, but every criterion is at least building (strong evidence in at least "
            f"one quarter of the window) and at most {rule.close_max_short} "
            f"{'is' if rule.close_max_short == 1 else 'are'} not shown yet. These are the "
            "people to talk to about a case this half; the row lists what is short.",
        ),
        ("Building", "Everyone else on a ladder: at least one criterion has not started."),
    ]
