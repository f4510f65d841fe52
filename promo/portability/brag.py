"""A brag document in plain Markdown, made from the export's own JSON so it reads the same
without promo: one section per month, newest first, each win with its tags and impact."""

from datetime import date
from itertools import groupby


def _month(entry):
    return entry["happened_on"][:7]


def _win(entry):
    lines = [f"### {entry['title']}", ""]
    facts = [
        f"{date.fromisoformat(entry['happened_on']):%d %B %Y}",
        entry["kind"].replace("_", " "),
    ]
    if entry["is_draft"]:
        facts.append("draft")
    lines.append(f"_{' · '.join(facts)}_")
    if entry["tags"]:
        tags = ", ".join(f"{tag['criterion_name']} ({tag['strength']})" for tag in entry["tags"])
        lines += ["", f"**Criteria:** {tags}"]
    if entry["impact"].strip():
        lines += ["", f"**Impact:** {' '.join(entry['impact'].split())}"]
    if entry["metric_before"] or entry["metric_after"]:
        before, after = entry["metric_before"] or "-", entry["metric_after"] or "-"
        lines += ["", f"**Measured:** {before} → {after}"]
    recorded = [c for c in entry["checkins"] if c["status"] == "recorded" and c["outcome"].strip()]
    for checkin in recorded:
        outcome = " ".join(checkin["outcome"].split())
        lines += ["", f"**{checkin['offset_days']} days on:** {outcome}"]
    for link in entry["links"]:
        lines += ["", f"- [{link['label']}]({link['url']})"]
    return "\n".join(lines)


def brag_markdown(document):
    """The brag document of an export (the dict personal_document returns)."""
    person = document["person"]
    parts = [f"# Brag document: {person['name']}", f"_Exported {document['exported_at'][:10]}_"]
    wins = sorted(document["evidence"], key=lambda e: (e["happened_on"], e["created_at"]))
    wins.reverse()
    if not wins:
        parts.append("_No evidence logged yet._")
    for month, entries in groupby(wins, key=_month):
        heading = date.fromisoformat(f"{month}-01").strftime("%B %Y")
        parts.append(f"## {heading}")
        parts.extend(_win(entry) for entry in entries)
    return "\n\n".join(parts).rstrip() + "\n"
