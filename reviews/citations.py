"""Evidence citations in a promo document: the `[evidence:ID]` marker and its rendering.

The marker is what the document stores; what a reader sees depends on who they are.
A citation never reveals private evidence: unless the artifact is in the set the reader may
see, it renders as "private evidence" with no title and no link.
"""

import re

CITATION_RE = re.compile(r"\[evidence:(\d+)\]")


def marker(artifact_id):
    return f"[evidence:{artifact_id}]"


def cited_ids(text):
    """Artifact ids cited in `text`, in order of first citation, without repeats."""
    seen = {}
    for match in CITATION_RE.finditer(text):
        seen.setdefault(int(match.group(1)), None)
    return list(seen)


def cited_ids_in(sections):
    seen = {}
    for section in sections:
        for artifact_id in cited_ids(section["body"]):
            seen.setdefault(artifact_id, None)
    return list(seen)


def replace_markers(text, replacement):
    """`text` with each marker replaced by `replacement(artifact_id)`."""
    return CITATION_RE.sub(lambda match: replacement(int(match.group(1))), text)
