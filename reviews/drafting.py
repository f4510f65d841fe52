"""Composing a first draft from tagged evidence, and flagging weak citations.

Pure functions over tags and artifacts already loaded, so the ordering rules can be read
and tested in one place. Only evidence mentors may see is ever drafted from: the draft is
written to be shared, and its text (titles, impact) only from evidence every intended
reader may open (reviews.services.shareable_tags).
"""

from collections import defaultdict
from datetime import timedelta

from promo.ladders import thresholds
from reviews import sections
from reviews.citations import marker

STRENGTH_RANK = {"signal": 1, "strong": 2, "exemplary": 3}
DEFAULT_ASSESSABLE_AFTER_DAYS = min(thresholds.DEFAULT_CHECKIN_OFFSETS_DAYS)
TOO_RECENT, NO_IMPACT, PRIVATE, DRAFT, UNAVAILABLE = (
    "too recent to assess",
    "no recorded impact",
    "private: reviewers see only 'private evidence'",
    "a draft: not counted; reviewers and exports see only 'private evidence'",
    "no longer available",
)


def quarter_of(day):
    return (day.year, (day.month - 1) // 3 + 1)


def _claim_order(tag):
    """Strongest first; then evidence with recorded impact; then the newest."""
    artifact = tag.artifact
    return (
        -STRENGTH_RANK.get(tag.strength, 0),
        not artifact.has_impact,
        -artifact.happened_on.toordinal(),
    )


def _escape(text):
    # A title must never turn into a citation marker or a link of its own.
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("*", "\\*")


def claim_line(tag):
    """One claim a committee would read: what changed and how it was measured, citing the
    evidence once (the citation renders as its title, so the title is not repeated)."""
    artifact = tag.artifact
    when = (artifact.shipped_on or artifact.happened_on).strftime("%b %Y")
    what = f"{artifact.get_kind_display().lower()}, {'shipped ' if artifact.shipped_on else ''}"
    cite = f"{marker(artifact.pk)} ({what}{when})"
    if not artifact.has_impact:
        return f"- {cite}: what changed because of it is not recorded yet."
    return f"- {_escape(_impact_sentence(artifact))} {cite}"


def _sentence(text):
    text = " ".join(text.split()).rstrip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _impact_sentence(artifact):
    """The impact as written, then the measurement where the impact does not already say it."""
    impact = _sentence(artifact.impact)
    said = impact.lower()
    before, after = artifact.metric_before.strip(), artifact.metric_after.strip()
    measured = " ".join(artifact.metrics.split())
    if measured.lower() in said:
        measured = ""
    if before and after and not (before.lower() in said and after.lower() in said):
        change = f"{measured} went" if measured else "Measured:"
        return f"{impact} {_sentence(f'{change} from {before} to {after}')}"
    if measured:
        return f"{impact} {_sentence(f'Measured by {measured}')}"
    return impact


def consistency(tags):
    """How many distinct quarters hold strong-or-better evidence, then how much evidence."""
    strong = {quarter_of(t.artifact.happened_on) for t in tags if STRENGTH_RANK[t.strength] >= 2}
    return len(strong), len(tags)


def compose(criteria, tags):
    """Sections for a first draft: each criterion's claims, strongest first, each citing
    its evidence; a summary listing the criteria with the most consistent evidence first."""
    by_criterion = defaultdict(list)
    for tag in tags:
        by_criterion[tag.criterion_id].append(tag)
    bodies = {}
    for criterion in criteria:
        claims = sorted(by_criterion.get(criterion.pk, []), key=_claim_order)
        bodies[sections.criterion_key(criterion.pk)] = "\n".join(claim_line(t) for t in claims)
    bodies[sections.SUMMARY] = _summary(criteria, by_criterion)
    return sections.with_bodies(sections.skeleton(criteria), bodies)


def _summary(criteria, by_criterion):
    ranked = sorted(
        (c for c in criteria if by_criterion.get(c.pk)),
        key=lambda c: tuple(-n for n in consistency(by_criterion[c.pk])),
    )
    if not ranked:
        return "No tagged evidence shared with mentors yet."
    lines = ["Where my evidence is most consistent:"]
    for criterion in ranked:
        quarters, pieces = consistency(by_criterion[criterion.pk])
        lines.append(
            f"- **{_escape(criterion.name)}**: strong evidence in {quarters} "
            f"quarter{'s' if quarters != 1 else ''}, {pieces} piece{'s' if pieces != 1 else ''}"
        )
    missing = [c.name for c in criteria if not by_criterion.get(c.pk)]
    if missing:
        lines.append("")
        lines.append("No evidence yet for: " + ", ".join(_escape(name) for name in missing) + ".")
    return "\n".join(lines)


def citation_flags(
    artifact_ids, artifacts, today, assessable_after_days=DEFAULT_ASSESSABLE_AFTER_DAYS
):
    """{artifact_id: [flag, ...]} for the cited evidence a reader would question."""
    flags = {}
    for artifact_id in artifact_ids:
        artifact = artifacts.get(artifact_id)
        if artifact is None:
            flags[artifact_id] = [UNAVAILABLE]
            continue
        found = []
        since = artifact.shipped_on or artifact.happened_on
        if since + timedelta(days=assessable_after_days) > today:
            found.append(TOO_RECENT)
        if not artifact.has_impact:
            found.append(NO_IMPACT)
        if artifact.visibility == "private":
            found.append(PRIVATE)
        if artifact.is_draft:
            found.append(DRAFT)
        if found:
            flags[artifact_id] = found
    return flags


def assessable_after_days(ladder):
    """Impact is assessable from the ladder's first check-in, as readiness counts it."""
    return min(ladder.checkin_offsets) if ladder is not None else DEFAULT_ASSESSABLE_AFTER_DAYS
