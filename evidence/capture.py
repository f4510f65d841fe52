"""Reading one quick-capture line: what the engineer typed, and what promo understood.

Pure: no database, no clock. The caller passes the criteria and people to match against
and "today" in the person's own time zone, so the same line always reads the same way.

Understood tokens leave the title and become chips; a token that looks like a tag but
matches nothing (or too much) stays in the title and becomes a warning, so nothing typed
is ever dropped without the person being told.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.utils.text import slugify

STRENGTHS = ("signal", "strong", "exemplary")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A token starts the line or follows a space, so "C#", "&#38;" and "ana@example.com" stay
# plain text.
TOKEN = re.compile(r"(?<!\S)(\S+)")
URL = re.compile(r"https?://\S+", re.IGNORECASE)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TAG = re.compile(r"#([\w][\w-]*)")
MARKER = re.compile(r"!([a-z]+)", re.IGNORECASE)
MENTION = re.compile(r"@([\w][\w.+-]*)")


@dataclass
class Capture:
    title: str = ""
    criteria: list = field(default_factory=list)
    strength: str = "signal"
    happened_on: date | None = None
    links: list = field(default_factory=list)  # (label, url) pairs
    collaborators: list = field(default_factory=list)
    draft: bool = False
    warnings: list = field(default_factory=list)

    @property
    def counts(self):
        """Saved as counted evidence: tagged, and not marked as a draft."""
        return bool(self.criteria) and not self.draft

    @property
    def understood_anything(self):
        return bool(
            self.criteria
            or self.strength != "signal"
            or self.happened_on
            or self.links
            or self.collaborators
            or self.draft
        )


def _words(text):
    return slugify(text).split("-")


def _candidates(token, criteria):
    """Criteria whose slug or name `token` names: exact first, then by prefix of the slug,
    the name, or any word of the name ("#cross-team" -> "Cross-team leverage")."""
    token = slugify(token)
    exact = [c for c in criteria if token in (c.slug.lower(), slugify(c.name))]
    if exact:
        return exact
    found = []
    for criterion in criteria:
        name_words = _words(criterion.name)
        starts = ["-".join(name_words[i:]) for i in range(len(name_words))]
        if criterion.slug.lower().startswith(token) or any(s.startswith(token) for s in starts):
            found.append(criterion)
    return found


def criterion_for_tag(tag, criteria):
    """(criterion, None) when `tag` ("#cross") names exactly one of `criteria`; otherwise
    (None, a warning saying it names none or several). Brag-doc import reads tags this
    way too, so a tag means the same wherever it is typed."""
    found = _candidates(tag.lstrip("#"), criteria)
    if len(found) == 1:
        return found[0], None
    if found:
        names = ", ".join(f"#{c.slug} ({c.name})" for c in found)
        return None, f"{tag} could be {names}: type more of it."
    return None, f"{tag} is not a criterion of your ladder; it stays in the title."


def _people_named(handle, people):
    """People whose email local part is `handle`, or whose name starts with it."""
    handle = handle.lower()
    by_email = [p for p in people if p.email.lower().split("@")[0] == handle]
    if by_email:
        return by_email
    wanted = slugify(handle)
    return [p for p in people if wanted and slugify(p.display_name).startswith(wanted)]


def _date_from(word, today):
    """The date a word names, relative to `today`; None when it names none."""
    lowered = word.lower()
    if lowered == "today":
        return today
    if lowered == "yesterday":
        return today - timedelta(days=1)
    if lowered[:3] in WEEKDAYS and lowered in (lowered[:3], _full_day(lowered[:3])):
        # The most recent such day: "mon" on a Monday is today.
        back = (today.weekday() - WEEKDAYS.index(lowered[:3])) % 7
        return today - timedelta(days=back)
    return None


def _full_day(short):
    return {
        "mon": "monday",
        "tue": "tuesday",
        "wed": "wednesday",
        "thu": "thursday",
        "fri": "friday",
        "sat": "saturday",
        "sun": "sunday",
    }[short]


def _link_label(url):
    parts = urlsplit(url)
    return (parts.netloc + parts.path.rstrip("/"))[:120] or url[:120]


class _Reader:
    def __init__(self, capture, criteria, people, today):
        self.capture, self.criteria, self.people, self.today = capture, criteria, people, today

    def read(self, word):
        """True when `word` was understood (and so leaves the title)."""
        for pattern, handler in (
            (URL, self.link),
            (TAG, self.tag),
            (MARKER, self.marker),
            (MENTION, self.mention),
            (ISO_DATE, self.iso_date),
        ):
            match = pattern.fullmatch(word)
            if match:
                return handler(match)
        return self.relative_date(word)

    def link(self, match):
        url = match.group(0).rstrip(".,;)")
        self.capture.links.append((_link_label(url), url))
        return True

    def tag(self, match):
        criterion, warning = criterion_for_tag(match.group(0), self.criteria)
        if criterion is None:
            self.warn(warning)
            return False
        if criterion not in self.capture.criteria:
            self.capture.criteria.append(criterion)
        return True

    def marker(self, match):
        word = match.group(1).lower()
        if word == "draft":
            self.capture.draft = True
            return True
        if word in STRENGTHS:
            self.capture.strength = word
            return True
        return False

    def mention(self, match):
        found = _people_named(match.group(1), self.people)
        if len(found) == 1:
            if found[0] not in self.capture.collaborators:
                self.capture.collaborators.append(found[0])
            return True
        if found:
            names = ", ".join(p.display_name or p.email for p in found)
            self.warn(f"{match.group(0)} could be {names}: type more of it.")
        else:
            self.warn(f"{match.group(0)} is nobody here; it stays in the title.")
        return False

    def iso_date(self, match):
        try:
            when = date.fromisoformat(match.group(0))
        except ValueError:
            self.warn(f"{match.group(0)} is not a date; it stays in the title.")
            return False
        return self.set_date(when, match.group(0))

    def relative_date(self, word):
        when = _date_from(word, self.today)
        return when is not None and self.set_date(when, word)

    def set_date(self, when, word):
        if when > self.today:
            self.warn(f"{word} is in the future; it stays in the title.")
            return False
        if self.capture.happened_on is None:
            self.capture.happened_on = when
            return True
        return False

    def warn(self, text):
        if text not in self.capture.warnings:
            self.capture.warnings.append(text)


def parse_capture(line, *, criteria, people, today):
    """A Capture from one line.

    `criteria` and `people` are what may be matched (anything with slug/name, and
    email/display_name); `today` is the person's local date.
    """
    capture = Capture()
    reader = _Reader(capture, list(criteria), list(people), today)
    kept = [word for word in TOKEN.findall(line) if not reader.read(word)]
    capture.title = " ".join(kept)
    return capture
