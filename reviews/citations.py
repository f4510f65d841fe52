"""Citations in a promo document: `[evidence:ID]` cites an artifact, `[attestation:ID]`
quotes a colleague's confirmation of one.

The marker is what the document stores; what a reader sees depends on who they are.
A citation never reveals private evidence: unless the artifact (for a confirmation, the
artifact it confirms) is in the set the reader may see, it renders as "private evidence"
with no title and no link.
"""

import re

CITATION_RE = re.compile(r"\[evidence:(\d+)\]")
ATTESTATION_RE = re.compile(r"\[attestation:(\d+)\]")
# Either marker: a highlight or a word diff never cuts one in two.
ANY_MARKER_RE = re.compile(r"\[(?:evidence|attestation):\d+\]")


def attestation_marker(attestation_id):
    return f"[attestation:{attestation_id}]"


def quoted_ids_in(sections):
    """Attestation ids quoted in the sections, in order of first citation, without repeats."""
    seen = {}
    for section in sections:
        for match in ATTESTATION_RE.finditer(section["body"]):
            seen.setdefault(int(match.group(1)), None)
    return list(seen)


def replace_attestation_markers(text, replacement):
    """`text` with each `[attestation:ID]` replaced by `replacement(attestation_id)`."""
    return ATTESTATION_RE.sub(lambda match: replacement(int(match.group(1))), text)


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
