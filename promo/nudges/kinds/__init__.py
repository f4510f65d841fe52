"""What a kind of nudge declares; each module of this package is one kind.

promo.nudges.registry lists every kind module by name, so a new kind is known as soon as
it is added to that list.
"""

from dataclasses import dataclass, field

from promo.models import NudgeThreshold


@dataclass(frozen=True)
class Threshold:
    key: str
    default: int
    label: str
    minimum: int = 0
    maximum: int = 10_000

    def current(self) -> int:
        """The value now: the staff's override, else the default."""
        override = (
            NudgeThreshold.objects.filter(key=self.key).values_list("value", flat=True).first()
        )
        return self.default if override is None else override


@dataclass(frozen=True)
class Due:
    """A kind's part of the claiming statement.

    The planner's statement reads `promo_user u`, `zones z` (the person's local date,
    weekday, hour, week start and ISO week), `s` (their NudgeSettings) and `p` (their
    preference for the kind). A kind adds `joins` (no parameters), a `where` condition
    with its `params`, and the `period` expression that makes a claim unique.

    `claimed_since`, when a kind can say it, is a time before which no claim of the
    period can have been made (a week's claims are made in that week). The planner then
    leaves this period's claims out itself, and inserts without ON CONFLICT, which costs
    a unique-index probe more per row (docs/benchmarks.md).
    """

    where: str
    params: list
    period: str
    joins: str = ""
    claimed_since: object = None


@dataclass(frozen=True)
class Message:
    """What one nudge says: a title, a link into the app, and its templates' prefix
    (`<template>.txt` and `<template>.html`, rendered with `claim`, `link` and `context`,
    which a kind fills at delivery, e.g. a digest's content)."""

    title: str
    path: str
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NudgeKind:
    """One kind of nudge.

    `claim_sql(planning)` returns a Due: the conditions under which a person is due now.
    The planner puts them in one INSERT ... SELECT over all people, together with
    everyone's channel, unsubscribe and quiet-period choices (see Due.claimed_since).
    `message(claim)` returns the title, text and link of one nudge.

    A kind that is not `scheduled` is claimed by an event (planner.claim_event) instead
    of by the periodic plan; its `claim_sql(planning, **event)` takes the event's ids.

    `may_deliver(claim)`, when set, is asked again at delivery: a claim whose recipient
    may no longer read what it quotes is skipped, never sent.
    """

    key: str
    label: str
    description: str
    claim_sql: object
    message: object
    frequencies: tuple = ()
    thresholds: tuple = field(default_factory=tuple)
    scheduled: bool = True
    may_deliver: object = None
