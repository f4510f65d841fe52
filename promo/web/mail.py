"""Helpers for building emails from text people typed.

A subject comes from user input. Line breaks in a header would let that input add
headers of its own (Bcc:, a second Subject:), so every value that goes into a header is
folded onto one line here first. Django's EmailMessage also refuses a header containing
CR or LF (BadHeaderError); these helpers keep that error from ever being the user's
problem.
"""


def one_line(text: str) -> str:
    """`text` with every run of whitespace (CR, LF, tabs included) turned into one space."""
    return " ".join(str(text).split())


def mail_subject(text: str, *, limit: int = 200) -> str:
    return one_line(text)[:limit]
