"""Revisions store an artifact's fields as JSON; this module writes, reads and diffs them."""

import difflib
from datetime import date

SCALAR_FIELDS = [
    "title",
    "happened_on",
    "kind",
    "body",
    "impact",
    "metrics",
    "metric_before",
    "metric_after",
    "shipped_on",
    "visibility",
    "is_draft",
]
DATE_FIELDS = {"happened_on", "shipped_on"}
M2M_FIELDS = ["teams_touched", "teams_adopted", "collaborators"]
LABELS = {
    "title": "Title",
    "happened_on": "When",
    "kind": "Kind",
    "body": "Body",
    "impact": "Impact",
    "metrics": "Metrics",
    "metric_before": "Before",
    "metric_after": "After",
    "shipped_on": "Shipped on",
    "visibility": "Visibility",
    "is_draft": "Draft",
    "links": "Links",
    "teams_touched": "Teams touched",
    "teams_adopted": "Teams that adopted it",
    "collaborators": "Collaborators",
    "tags": "Criteria",
}


def snapshot_of(artifact):
    """The artifact as JSON-able data (relations prefetched by the caller)."""
    data = {}
    for name in SCALAR_FIELDS:
        value = getattr(artifact, name)
        data[name] = value.isoformat() if isinstance(value, date) else value
    for name in M2M_FIELDS:
        data[name] = sorted(obj.pk for obj in getattr(artifact, name).all())
    data["links"] = [{"label": link.label, "url": link.url} for link in artifact.links.all()]
    return data


def data_from_snapshot(snapshot):
    """Service input (as artifact_update takes it) from a stored snapshot."""
    data = {name: snapshot[name] for name in SCALAR_FIELDS + M2M_FIELDS if name in snapshot}
    for name in DATE_FIELDS:
        if data.get(name):
            data[name] = date.fromisoformat(data[name])
    data["links"] = [(link["label"], link["url"]) for link in snapshot.get("links", [])]
    return data


def tag_lines(tags, names, typed=None):
    """["Criterion: Strength"] for the tags on the criteria in `names` ({pk: name}, in the
    form's order), with `typed` ({pk: strength or ""}) over them: what a form would save.
    Tags are not in revisions; the conflict page diffs these lines beside the fields."""
    strengths = {tag.criterion_id: tag.get_strength_display() for tag in tags}
    for criterion_id, strength in (typed or {}).items():
        strengths[criterion_id] = strength.capitalize()
    return [f"{name}: {strengths[pk]}" for pk, name in names.items() if strengths.get(pk)]


def _as_lines(name, value, names_by_id):
    if name == "tags":
        return list(value or [])
    if name == "links":
        return [f"{link['label']} <{link['url']}>" for link in value or []]
    if name in M2M_FIELDS:
        return [names_by_id.get((name, pk), f"#{pk}") for pk in value or []]
    if value is None or value == "":
        return []
    return str(value).splitlines()


def diff_snapshots(older, newer, names_by_id=None):
    """[(label, [(op, line)])] for each field that changed; op is ' ', '-' or '+'."""
    names_by_id = names_by_id or {}
    changes = []
    for name, label in LABELS.items():
        before = _as_lines(name, (older or {}).get(name), names_by_id)
        after = _as_lines(name, newer.get(name), names_by_id)
        if before == after:
            continue
        lines = [
            (line[0], line[2:])
            for line in difflib.ndiff(before, after)
            if line[:1] in {" ", "-", "+"}
        ]
        changes.append((label, lines))
    return changes


def snapshot_from_data(data):
    """A snapshot-shaped dict from service input, to diff typed data against a save."""
    snapshot = {}
    for name in SCALAR_FIELDS:
        value = data.get(name)
        snapshot[name] = value.isoformat() if isinstance(value, date) else value
    for name in M2M_FIELDS:
        snapshot[name] = sorted(getattr(obj, "pk", obj) for obj in data.get(name, []))
    snapshot["links"] = [{"label": label, "url": url} for label, url in data.get("links", [])]
    return snapshot
