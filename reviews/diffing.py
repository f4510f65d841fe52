"""Line diffs between two versions of a promo document, shaped for an accessible table."""

import difflib
from dataclasses import dataclass

SAME, ADDED, REMOVED, SKIPPED = "same", "added", "removed", "skipped"


@dataclass(frozen=True)
class DiffRow:
    kind: str
    old_number: int | None
    new_number: int | None
    text: str
    skipped: int = 0  # for SKIPPED rows: how many unchanged lines are folded away


def diff_rows(old_text, new_text, context=3):
    """Rows of a line diff, unchanged runs longer than `2 * context` folded into one row."""
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                _unchanged(
                    old_lines, i1, i2, j1, context, first=not rows, last=i2 == len(old_lines)
                )
            )
            continue
        rows.extend(DiffRow(REMOVED, i + 1, None, old_lines[i]) for i in range(i1, i2))
        rows.extend(DiffRow(ADDED, None, j + 1, new_lines[j]) for j in range(j1, j2))
    return rows


def _unchanged(lines, i1, i2, j1, context, *, first, last):
    keep_before = 0 if first else context
    keep_after = 0 if last else context
    count = i2 - i1
    if count <= keep_before + keep_after + 1:
        return [DiffRow(SAME, i1 + k + 1, j1 + k + 1, lines[i1 + k]) for k in range(count)]
    head = [DiffRow(SAME, i1 + k + 1, j1 + k + 1, lines[i1 + k]) for k in range(keep_before)]
    tail = [
        DiffRow(SAME, i1 + k + 1, j1 + k + 1, lines[i1 + k])
        for k in range(count - keep_after, count)
    ]
    folded = count - keep_before - keep_after
    return [*head, DiffRow(SKIPPED, None, None, "", skipped=folded), *tail]


def has_changes(rows):
    return any(row.kind in (ADDED, REMOVED) for row in rows)
