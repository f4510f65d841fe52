"""A promo document's shape: a summary, one section per criterion, and "what's next".

Sections are plain dicts ``{"key", "title", "body"}`` so a frozen version stores them as
JSON exactly as they were shared. Keys are stable (a criterion's id, never its name), which
is what lets comment anchors follow a section from one version to the next.
"""

SUMMARY = "summary"
WHATS_NEXT = "whats-next"


def criterion_key(criterion_id):
    return f"criterion-{criterion_id}"


def criterion_id_from_key(key):
    """The criterion id a section key names, or None for summary / what's next."""
    prefix = "criterion-"
    if key.startswith(prefix) and key[len(prefix) :].isdigit():
        return int(key[len(prefix) :])
    return None


def skeleton(criteria):
    """Empty sections for a ladder's criteria, in ladder order."""
    return (
        [{"key": SUMMARY, "title": "Summary", "body": ""}]
        + [{"key": criterion_key(c.pk), "title": c.name, "body": ""} for c in criteria]
        + [{"key": WHATS_NEXT, "title": "What's next", "body": ""}]
    )


def bodies(sections):
    """{key: body} for quick lookups."""
    return {section["key"]: section["body"] for section in sections}


def with_bodies(sections, new_bodies):
    """The same sections (keys, titles, order) with bodies replaced where given."""
    return [
        {**section, "body": new_bodies.get(section["key"], section["body"])} for section in sections
    ]


def as_markdown(sections, title=""):
    """One Markdown text: the document title, then each section under its own heading."""
    parts = [f"# {title}"] if title else []
    for section in sections:
        parts.append(f"## {section['title']}")
        parts.append(section["body"].strip() or "_(empty)_")
    return "\n\n".join(parts) + "\n"
