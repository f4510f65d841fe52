"""The dates a brag document writes: in headings ("## March 2026", "### Week of 2026-03-02",
"## Q1 2026", "## 2026") and in bullets ("2026-03-04 Shipped X", "Shipped X (Mar 4)").

Pure: a date without a year takes the year of the heading above it, or else the latest
year that does not put it in the future.
"""

import re
from dataclasses import dataclass
from datetime import date

MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(\d{4})"
ISO_DAY = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
ISO_MONTH = re.compile(r"(?<![\d-])(\d{4})-(\d{2})(?![\d-])")
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b", re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(rf"\b{DAY}\s+{MONTH},?\s+{YEAR}\b", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"\b{MONTH},?\s+{YEAR}\b", re.IGNORECASE)
QUARTER = re.compile(r"\bQ([1-4])\s+(\d{4})\b|\b(\d{4})\s+Q([1-4])\b", re.IGNORECASE)
MONTH_DAY = re.compile(rf"\b{MONTH}\s+{DAY}\b", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b{DAY}\s+{MONTH}\b", re.IGNORECASE)
# "## 2026", "# Brag document 2026": a year for the dates beneath, and no project name.
YEAR_IN = re.compile(r"\b((?:19|20)\d{2})\b")
MONTH_ONLY = re.compile(rf"^{MONTH}$", re.IGNORECASE)
# In a bullet: a date in parentheses anywhere, or a date opening the line ("Mar 4: ...").
SEPARATOR = r"\s*(?:[:–—-]\s*|\s)"
LEADING = re.compile(
    rf"^\s*(\d{{4}}-\d{{2}}-\d{{2}}|{MONTH}\s+{DAY}(?:,?\s+{YEAR})?){SEPARATOR}", re.IGNORECASE
)
IN_PARENS = re.compile(r"\(\s*([^()]{3,24}?)\s*\)")


@dataclass(frozen=True)
class HeadingDate:
    """What a heading says about time: a day (a month or quarter is its first day), or
    only a year, for the dates without one beneath it."""

    day: date | None
    year: int | None


def _month(name):
    return MONTHS.index(name[:3].lower()) + 1


def _day(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _in_year(month, day, *, year, today):
    """A month and day, in `year` if known, or else the latest year not after `today`."""
    if year is not None:
        return _day(year, month, day)
    found = _day(today.year, month, day)
    if found is not None and found > today:
        found = _day(today.year - 1, month, day)
    return found


def heading_date(text, *, year, today):
    """The HeadingDate a heading's text names, or None for a heading with no date (a
    project's name). `year` is the year of the heading above it (None for none), for
    "### Week of Mar 2" under "## 2026"."""
    text = text.strip()
    if match := ISO_DAY.search(text):
        return _with_day(_day(*match.groups()))
    if match := ISO_MONTH.search(text):
        return _with_day(_day(match.group(1), match.group(2), 1))
    if match := MONTH_DAY_YEAR.search(text):
        return _with_day(_day(match.group(3), _month(match.group(1)), match.group(2)))
    if match := DAY_MONTH_YEAR.search(text):
        return _with_day(_day(match.group(3), _month(match.group(2)), match.group(1)))
    if match := MONTH_YEAR.search(text):
        return _with_day(_day(match.group(2), _month(match.group(1)), 1))
    if match := QUARTER.search(text):
        quarter, found = match.group(1) or match.group(4), match.group(2) or match.group(3)
        return _with_day(_day(found, 3 * int(quarter) - 2, 1))
    if match := YEAR_IN.search(text):
        return HeadingDate(day=None, year=int(match.group(1)))
    if match := MONTH_ONLY.match(text):
        return _with_day(_in_year(_month(match.group(1)), 1, year=year, today=today))
    if match := MONTH_DAY.search(text) or DAY_MONTH.search(text):
        return _with_day(_month_day(match, year=year, today=today))
    return None


def _with_day(day):
    return HeadingDate(day=day, year=day.year) if day else None


def _month_day(match, *, year, today):
    first, second = match.group(1), match.group(2)
    if first.isdigit():
        return _in_year(_month(second), first, year=year, today=today)
    return _in_year(_month(first), second, year=year, today=today)


def _bullet_day(text, *, year, today):
    """The date one bit of bullet text names exactly, or None."""
    text = text.strip()
    if match := ISO_DAY.fullmatch(text):
        return _day(*match.groups())
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        if match := pattern.fullmatch(text):
            groups = match.groups()
            if pattern is MONTH_DAY_YEAR:
                return _day(groups[2], _month(groups[0]), groups[1])
            return _day(groups[2], _month(groups[1]), groups[0])
    if match := MONTH_DAY.fullmatch(text) or DAY_MONTH.fullmatch(text):
        return _month_day(match, year=year, today=today)
    return None


def bullet_date(text, *, year, today):
    """(the date a bullet names, the bullet without it); (None, text) when it names none."""
    if match := LEADING.match(text):
        found = _bullet_day(match.group(1), year=year, today=today)
        if found is not None:
            return found, text[match.end() :]
    for match in IN_PARENS.finditer(text):
        found = _bullet_day(match.group(1), year=year, today=today)
        if found is not None:
            return found, text[: match.start()] + text[match.end() :]
    if match := ISO_DAY.search(text):
        found = _day(*match.groups())
        if found is not None:
            return found, text[: match.start()] + text[match.end() :]
    return None, text
