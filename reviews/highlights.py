"""Quoted passages highlighted in a section's text.

A passage thread stores the offsets of its quote in the section's Markdown. The quote is
wrapped in the marks of reviews.marks before rendering, and they become <mark> once the
Markdown is HTML (reviews.rendering.render_body).
"""

from reviews.citations import ANY_MARKER_RE
from reviews.marks import QUOTE_CLOSE, QUOTE_OPEN, clean


def _outside_citations(body, start, end):
    """The span widened so it never cuts a citation marker in two (a cut marker would
    no longer be a citation)."""
    for match in ANY_MARKER_RE.finditer(body):
        if match.start() < start < match.end():
            start = match.start()
        if match.start() < end < match.end():
            end = match.end()
    return start, end


def with_highlights(body, spans):
    """`body` with each (start, end) span wrapped in highlight marks; spans that do not fit
    the body are left out."""
    body = clean(body)
    inserts = []
    for start, end in spans:
        if start is None or end is None or not 0 <= start < end <= len(body):
            continue
        start, end = _outside_citations(body, start, end)
        inserts += [(start, 1, QUOTE_OPEN), (end, 0, QUOTE_CLOSE)]
    # From the end backwards, so earlier offsets stay true; at one offset a close comes
    # before an open.
    for offset, _, mark in sorted(inserts, reverse=True):
        body = body[:offset] + mark + body[offset:]
    return body
