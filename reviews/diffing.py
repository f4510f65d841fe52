"""What changed between two versions of a promo document, as Markdown with marks.

Each section's body is compared line by line (a line is a Markdown block: a paragraph
line, a list item, a heading), and lines that were edited rather than replaced are
compared word by word. The result is the section's Markdown with inserted and deleted
runs wrapped in the marks of reviews.marks, which become <ins>/<del> once rendered
(reviews.rendering.render_body). A citation or a link is
one word, so a change never splits it.
"""

import difflib
import re
from dataclasses import dataclass

from reviews.marks import DEL_CLOSE, DEL_OPEN, INS_CLOSE, INS_OPEN, clean

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"
# Lines less alike than this are shown as one removed and one added, not as word soup.
EDIT_SIMILARITY = 0.4

_WORD = re.compile(r"\[(?:evidence|attestation):\d+\]|\[[^\]\n]*\]\([^)\n]*\)|\s+|[^\s]+")
_BLOCK_PREFIX = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+|\s*#{1,6}\s+|\s*>\s?)")


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    status: str
    marked: str  # the body's Markdown with insertions and deletions marked
    old_title: str = ""  # set when the section was renamed


def _wrap(text, opening, closing):
    prefix = _BLOCK_PREFIX.match(text)
    head = prefix.group(0) if prefix else ""
    rest = text[len(head) :]
    return f"{head}{opening}{rest}{closing}" if rest.strip() else text


def _words_marked(old, new):
    """One edited line: the shared block prefix once, then its words marked."""
    old_words, new_words = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append("".join(old_words[i1:i2]))
            continue
        removed, added = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if removed:
            out.append(f"{DEL_OPEN}{removed}{DEL_CLOSE}")
        if added:
            out.append(f"{INS_OPEN}{added}{INS_CLOSE}")
    return "".join(out)


def _edited_lines(old_lines, new_lines):
    out = []
    for old, new in zip(old_lines, new_lines, strict=False):
        similar = difflib.SequenceMatcher(None, old, new, autojunk=False).ratio()
        old_prefix, new_prefix = _BLOCK_PREFIX.match(old), _BLOCK_PREFIX.match(new)
        same_prefix = (old_prefix and old_prefix.group(0)) == (new_prefix and new_prefix.group(0))
        if similar >= EDIT_SIMILARITY and same_prefix:
            head = old_prefix.group(0) if old_prefix else ""
            out.append(head + _words_marked(old[len(head) :], new[len(head) :]))
        else:
            out += [_wrap(old, DEL_OPEN, DEL_CLOSE), _wrap(new, INS_OPEN, INS_CLOSE)]
    count = min(len(old_lines), len(new_lines))
    out += [_wrap(line, DEL_OPEN, DEL_CLOSE) for line in old_lines[count:]]
    out += [_wrap(line, INS_OPEN, INS_CLOSE) for line in new_lines[count:]]
    return out


def marked_body(old_text, new_text):
    """`new_text` with what `old_text` had and it lacks marked deleted, and what it adds
    marked inserted."""
    old_lines, new_lines = clean(old_text).splitlines(), clean(new_text).splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += new_lines[j1:j2]
        elif tag == "delete":
            out += [_wrap(line, DEL_OPEN, DEL_CLOSE) for line in old_lines[i1:i2]]
        elif tag == "insert":
            out += [_wrap(line, INS_OPEN, INS_CLOSE) for line in new_lines[j1:j2]]
        else:
            out += _edited_lines(old_lines[i1:i2], new_lines[j1:j2])
    return "\n".join(out)


def section_changes(old_sections, new_sections):
    """One SectionChange per section of either version, in the newer version's order, with
    sections only the older one had at the end."""
    old_by_key = {s["key"]: s for s in old_sections}
    new_keys = {s["key"] for s in new_sections}
    changes = []
    for section in new_sections:
        before = old_by_key.get(section["key"])
        if before is None:
            status = ADDED
            marked = marked_body("", section["body"])
        else:
            same = before["body"] == section["body"] and before["title"] == section["title"]
            status = SAME if same else CHANGED
            marked = (
                clean(section["body"]) if same else marked_body(before["body"], section["body"])
            )
        renamed = before is not None and before["title"] != section["title"]
        changes.append(
            SectionChange(
                section["key"],
                section["title"],
                status,
                marked,
                old_title=before["title"] if renamed else "",
            )
        )
    for section in old_sections:
        if section["key"] not in new_keys:
            marked = marked_body(section["body"], "")
            changes.append(SectionChange(section["key"], section["title"], REMOVED, marked))
    return changes


def has_changes(changes):
    return any(change.status != SAME for change in changes)
