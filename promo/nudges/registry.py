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
class Message:
    """What one nudge says: a title, a link into the app, and its templates' prefix
    (`<template>.txt` and `<template>.html`, rendered with `claim` and `link`)."""

    title: str
    path: str
    template: str


@dataclass(frozen=True)
class NudgeKind:
    """One kind of nudge.

    `claim_sql(planning)` returns (sql, params) for a SELECT of (person_id, period) rows
    that are due now; the planner wraps it in the INSERT ... ON CONFLICT DO NOTHING that
    claims them and applies everyone's channel, unsubscribe and quiet-period choices.
    `message(claim)` returns the title, text and link of one nudge.
    """

    key: str
    label: str
    description: str
    claim_sql: object
    message: object
    frequencies: tuple = ()
    thresholds: tuple = field(default_factory=tuple)


KINDS = {}


def register(kind):
    KINDS[kind.key] = kind
    return kind


def kind_for(key):
    return KINDS[key]


def all_thresholds():
    return [threshold for kind in KINDS.values() for threshold in kind.thresholds]


def threshold_values():
    """Every declared threshold's value now: the staff override, else the default."""
    values = {threshold.key: threshold.default for threshold in all_thresholds()}
    values.update(NudgeThreshold.objects.filter(key__in=values.keys()).values_list("key", "value"))
    return values


def load_kinds():
    # Importing a kind's module registers it.
    from promo.nudges.kinds import log_wins  # noqa: F401
