"""Where a comment thread points, and whether that place still exists in a new version.

Pure functions over section bodies ({key: markdown}); the carry-over service uses them
when a new version is shared. A thread is anchored to a whole section, to a quoted passage
(with its offsets in the section body), or to an artifact cited by a `[evidence:ID]` marker.
"""

import re
from dataclasses import dataclass, replace

from reviews.citations import marker

SECTION, PASSAGE, ARTIFACT = "section", "passage", "artifact"
MIN_QUOTE_LENGTH = 3


@dataclass(frozen=True)
class Anchor:
    kind: str
    section_key: str
    quote: str = ""
    start: int | None = None
    end: int | None = None
    artifact_id: int | None = None
    # The text just before a passage: tells apart repeats of the same words.
    prefix: str = ""


PREFIX_LENGTH = 32


class AnchorError(ValueError):
    """The anchor does not point at anything in the version it was made on."""


def validate(anchor, section_bodies):
    """Refuse an anchor that does not match the text it claims to quote or cite."""
    body = section_bodies.get(anchor.section_key)
    if body is None:
        raise AnchorError("That section is not in this version.")
    if anchor.kind == PASSAGE:
        if len(anchor.quote.strip()) < MIN_QUOTE_LENGTH:
            raise AnchorError(f"Quote at least {MIN_QUOTE_LENGTH} characters of the passage.")
        if anchor.start is None:
            start = body.find(anchor.quote)
            if start < 0:
                raise AnchorError("That passage is not in this section.")
            anchor = replace(anchor, start=start, end=start + len(anchor.quote))
        if body[anchor.start : anchor.end] != anchor.quote:
            raise AnchorError("The quoted passage does not match the section at those offsets.")
        return replace(anchor, prefix=body[max(0, anchor.start - PREFIX_LENGTH) : anchor.start])
    elif anchor.kind == ARTIFACT:
        if anchor.artifact_id is None or marker(anchor.artifact_id) not in body:
            raise AnchorError("This section does not cite that evidence.")
    elif anchor.kind != SECTION:
        raise AnchorError(f"Unknown anchor kind {anchor.kind!r}.")
    return anchor


def relocate(anchor, section_bodies):
    """The anchor's place in new section bodies, or None when it no longer exists.

    Keys are tried in document order after the anchor's own section, so a passage or a
    citation that moved to another section still carries over.
    """
    if anchor.kind == SECTION:
        return anchor if anchor.section_key in section_bodies else None
    if anchor.kind == ARTIFACT:
        return _relocate_citation(anchor, section_bodies)
    return _relocate_passage(anchor, section_bodies)


def _search_order(anchor, section_bodies):
    keys = list(section_bodies)
    if anchor.section_key in section_bodies:
        keys.remove(anchor.section_key)
        keys.insert(0, anchor.section_key)
    return keys


def _relocate_citation(anchor, section_bodies):
    for key in _search_order(anchor, section_bodies):
        if marker(anchor.artifact_id) in section_bodies[key]:
            return replace(anchor, section_key=key)
    return None


def _relocate_passage(anchor, section_bodies):
    own = section_bodies.get(anchor.section_key)
    if (
        own is not None
        and anchor.start is not None
        and own[anchor.start : anchor.end] == anchor.quote
    ):
        return anchor
    for key in _search_order(anchor, section_bodies):
        body = section_bodies[key]
        span = _best_occurrence(anchor, body)
        if span:
            start, end = span
            prefix = body[max(0, start - PREFIX_LENGTH) : start]
            return replace(
                anchor, section_key=key, start=start, end=end, quote=body[start:end], prefix=prefix
            )
    return None


def _best_occurrence(anchor, body):
    """The occurrence of the quote most like the original: exact text first, then the same
    words with different spacing or line breaks. Among repeats, the one preceded by the same
    text wins, then the one nearest its old offset."""
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(anchor.quote), body)]
    if not spans:
        words = anchor.quote.split()
        loose = re.compile(r"\s+".join(re.escape(word) for word in words))
        spans = [(m.start(), m.end()) for m in loose.finditer(body)] if words else []
    if not spans:
        return None
    prefer = anchor.start or 0
    return min(
        spans, key=lambda s: (-_shared_suffix(body[: s[0]], anchor.prefix), abs(s[0] - prefer))
    )


def _shared_suffix(left, right):
    count = 0
    for a, b in zip(reversed(left), reversed(right), strict=False):
        if a != b:
            break
        count += 1
    return count


def context_around(body, start, end, width=120):
    """A short excerpt with the anchored passage, kept on the thread as its original context."""
    start, end = max(start or 0, 0), min(end if end is not None else len(body), len(body))
    before = body[max(0, start - width) : start]
    after = body[end : end + width]
    return (
        ("…" if start > width else "")
        + before
        + body[start:end]
        + after
        + ("…" if end + width < len(body) else "")
    )


def span_of(anchor, body):
    """(start, end) of what the anchor points at in `body`, for its context excerpt."""
    if anchor.kind == PASSAGE:
        return anchor.start, anchor.end
    if anchor.kind == ARTIFACT:
        start = body.find(marker(anchor.artifact_id))
        return start, start + len(marker(anchor.artifact_id))
    return 0, min(len(body), 240)
