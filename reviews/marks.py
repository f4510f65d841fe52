"""Private-use characters that mark runs of a section's Markdown before it is rendered.

They pass through Markdown untouched and become tags once it is HTML: inserted and
deleted text (reviews.diffing), quoted passages (reviews.highlights). User text never
carries them (`clean`), so nobody can forge a mark.
"""

INS_OPEN, INS_CLOSE, DEL_OPEN, DEL_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
QUOTE_OPEN, QUOTE_CLOSE = "\ue004", "\ue005"
ALL = {INS_OPEN, INS_CLOSE, DEL_OPEN, DEL_CLOSE, QUOTE_OPEN, QUOTE_CLOSE}


def clean(text):
    return "".join(ch for ch in text if ch not in ALL)
