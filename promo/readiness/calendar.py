"""Calendar arithmetic for readiness: months and quarters as the person lives them.

Everything here is pure: dates in, dates out. "Today" is always the person's local
date, so an engineer in Kolkata whose clock already reads 1 April is judged on April's
months and quarters even while it is still 31 March in UTC.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta


def local_today(now: datetime, zone) -> date:
    """The calendar date the person sees at the instant `now` (an aware datetime)."""
    return now.astimezone(zone).date()


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + (first_of_month.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(first_of_month: date) -> date:
    return add_months(first_of_month, 1) - timedelta(days=1)


def trailing_months(today: date, count: int = 12) -> list[date]:
    """The first day of each of the last `count` months, oldest first, this month included."""
    this_month = month_start(today)
    return [add_months(this_month, offset) for offset in range(1 - count, 1)]


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: Q1 is January to March."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return month_end(add_months(self.first_day, 2))

    def shifted(self, quarters: int) -> "Quarter":
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def __str__(self):
        return f"Q{self.number} {self.year}"


def trailing_quarters(today: date, count: int) -> list[Quarter]:
    """The last `count` calendar quarters, oldest first, the current (partial) one included:
    evidence from this week counts now, not once the quarter is over."""
    current = Quarter.of(today)
    return [current.shifted(offset) for offset in range(1 - count, 1)]
