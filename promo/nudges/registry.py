"""The kinds of nudge, and the thresholds each declares (defaults in code, overrides in DB)."""

from dataclasses import dataclass, field

from promo.models import NudgeThreshold


@dataclass(frozen=True)
class Threshold:
    key: str
    default: int
    label: str
    minimum: int = 0
    maximum: int = 10_000


@dataclass(frozen=True)
class Due:
    """A kind's part of the claiming statement.

    The planner's statement reads `promo_user u`, `zones z` (the person's local date,
    weekday, hour, week start and ISO week), `s` (their NudgeSettings) and `p` (their
    preference for the kind). A kind adds `joins` (no parameters), a `where` condition
    with its `params`, and the `period` expression that makes a claim unique.
    """

    where: str
    params: list
    period: str
    joins: str = ""


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
    The planner puts them in one INSERT ... SELECT ... ON CONFLICT DO NOTHING over all
    people, together with everyone's channel, unsubscribe and quiet-period choices.
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


KINDS = {}


def register(kind):
    KINDS[kind.key] = kind
    return kind


def all_thresholds():
    return [threshold for kind in KINDS.values() for threshold in kind.thresholds]


def threshold_values():
    """Every declared threshold's value now: the staff override, else the default."""
    values = {threshold.key: threshold.default for threshold in all_thresholds()}
    values.update(NudgeThreshold.objects.filter(key__in=values.keys()).values_list("key", "value"))
    return values


def load_kinds():
    # Importing a kind's module registers it.
    from promo.nudges.kinds import (  # noqa: F401
        checkin_due,
        digest,
        draft_waiting,
        log_wins,
        mention,
        reply,
        review_requested,
        stale_criterion,
    )
