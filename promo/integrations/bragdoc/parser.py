"""Reading a Markdown brag document: every win in it, with its date, context and tags.

Headings are weeks, months, quarters, years or projects; each top-level bullet beneath
them is one win, and the bullets nested under it are its details. A bullet's own date
("2026-03-04 Shipped X", "Shipped X (Mar 4)") wins over its heading's; a heading with no
date (a project's name) becomes the context of the wins beneath it.

Pure: no database, no clock. The caller passes the criteria tags may name and "today" in
the person's own time zone, so the same document always reads the same way, and each
win's key (a digest of its date and words) stays the same from one import to the next.
"""

import hashlib
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from evidence.capture import criterion_for_tag
from promo.integrations.bragdoc.dates import bullet_date, heading_date

MAX_WINS = 500  # each is a checkbox in one form post; Django takes 1,000 fields at most
TITLE_LENGTH = 200  # Artifact.title's max_length

HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*\S)\s*$")
TASK_BOX = re.compile(r"^\[[ xX]\]\s+")
FENCE = re.compile(r"^\s*(```|~~~)")
# "#scope" after a space or at the start; "C#", "&#38;" and "#1234" (an issue) are not tags.
TAG = re.compile(r"(?<![^\s(])#([A-Za-z][\w-]*)")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]{1,490})\)")
BARE_URL = re.compile(r"(?<![(\[])https?://[^\s)>\]]{1,490}")
EMPHASIS = re.compile(r"\*\*|__")
LINK_CHECK = URLValidator(schemes=["http", "https"])


@dataclass
class Win:
    line: int  # where its bullet is, counting from 1
    text: str  # the bullet as written, without its marker
    title: str = ""
    details: list = field(default_factory=list)  # nested lines, as written
    happened_on: date | None = None
    context: str = ""  # the project headings above it, outermost first
    criteria: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (label, url) pairs
    warnings: list = field(default_factory=list)
    key: str = ""
    repeat: bool = False  # the same win is earlier in this document
    imported: bool = False  # set by the caller: imported before

    @property
    def counts(self):
        """Imported as counted evidence when it names a criterion; a draft otherwise."""
        return bool(self.criteria)

    @property
    def offered(self):
        return not (self.repeat or self.imported)

    def body(self):
        """The artifact's Markdown body: its project, the title in full when it was too
        long, and its details."""
        parts = []
        if self.context:
            parts.append(f"Project: {self.context}")
        if len(self.title) > TITLE_LENGTH:
            parts.append(self.title)
        if self.details:
            parts.append(textwrap.dedent("\n".join(self.details)))
        return "\n\n".join(parts)

    def short_title(self):
        if len(self.title) <= TITLE_LENGTH:
            return self.title
        return self.title[: TITLE_LENGTH - 1] + "…"


@dataclass
class BragDoc:
    wins: list = field(default_factory=list)

    @property
    def offered(self):
        return [win for win in self.wins if win.offered]


def win_key(happened_on, text):
    """The same date and words give the same key, however the spacing or case changed."""
    words = " ".join(text.split()).casefold()
    day = happened_on.isoformat() if happened_on else ""
    return hashlib.sha256(f"{day}\n{words}".encode()).hexdigest()


class _Headings:
    """The headings above the current line: their level, date and project name."""

    def __init__(self, today):
        self.today, self.stack = today, []  # (level, HeadingDate or None, text)

    def enter(self, level, text):
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, heading_date(text, year=self.year, today=self.today), text))

    @property
    def year(self):
        years = [when.year for _, when, _ in self.stack if when and when.year]
        return years[-1] if years else None

    @property
    def day(self):
        days = [when.day for _, when, _ in self.stack if when and when.day]
        return days[-1] if days else None

    @property
    def context(self):
        return " / ".join(text for _, when, text in self.stack if when is None and _names(text))


def _names(heading):
    """A heading names a project unless it is the document's own title ("Brag doc")."""
    return "brag" not in heading.casefold()


def _lines_outside_code(text):
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            yield number, line


def _raw_wins(text, today):
    """Wins as written: each with its line, text, details, heading date and context."""
    headings, wins, base = _Headings(today), [], None
    for number, line in _lines_outside_code(text):
        if match := HEADING.match(line):
            headings.enter(len(match.group(1)), match.group(2).strip())
            base = None
        elif match := BULLET.match(line):
            indent = len(match.group(1).expandtabs(4))
            if base is None or indent <= base or not wins:
                base = indent
                win = Win(line=number, text=TASK_BOX.sub("", match.group(2)))
                win.happened_on, win.context = headings.day, headings.context
                wins.append((win, headings.year))
            else:
                wins[-1][0].details.append(line.expandtabs(4)[base:].rstrip())
        elif line.strip() and base is not None and wins and line[:1].isspace():
            wins[-1][0].details.append(line.expandtabs(4)[base:].rstrip())
        elif line.strip():
            base = None  # a paragraph ends the list above it
    return wins


def _read_tags(win, criteria):
    """Criteria named by the win's tags; a recognised tag leaves the title."""

    def read(match):
        criterion, warning = criterion_for_tag(match.group(0), criteria)
        if criterion is None:
            if warning not in win.warnings:
                win.warnings.append(warning)
            return match.group(0)
        if criterion not in win.criteria:
            win.criteria.append(criterion)
        return ""

    win.title = TAG.sub(read, win.title)
    for detail in win.details:
        TAG.sub(read, detail)


def _read_links(win):
    def keep(match):
        label, url = (match.group(1), match.group(2)) if match.lastindex else (None, match[0])
        url = url.rstrip(".,;")
        try:
            LINK_CHECK(url)
        except ValidationError:
            return match.group(0)  # not an address promo would link to: it stays as text
        win.links.append(((label or url)[:120], url))
        return label or ""

    win.title = BARE_URL.sub(keep, MARKDOWN_LINK.sub(keep, win.title))


def _read_win(win, heading_year, criteria, today):
    own_date, title = bullet_date(win.text, year=heading_year, today=today)
    win.happened_on = own_date or win.happened_on
    win.key = win_key(win.happened_on, win.text)
    if win.happened_on and win.happened_on > today:
        win.warnings.append(f"{win.happened_on:%-d %b %Y} is in the future; it is dated today.")
        win.happened_on = today
    win.title = title
    _read_links(win)
    _read_tags(win, criteria)
    win.title = " ".join(EMPHASIS.sub("", win.title).split()).strip(" -–—:") or win.text


def parse_bragdoc(text, *, criteria, today):
    """A BragDoc from Markdown `text`: its wins in the order written, each read against
    `criteria` (anything with slug and name) with `today` as the person's local date."""
    criteria = list(criteria)
    doc, seen = BragDoc(), set()
    for win, heading_year in _raw_wins(text, today):
        _read_win(win, heading_year, criteria, today)
        win.repeat = win.key in seen
        seen.add(win.key)
        doc.wins.append(win)
    return doc
