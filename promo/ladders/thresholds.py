"""A ladder's readiness thresholds: their defaults, their bounds and their validation.

The one home of these numbers. The Ladder model takes its field defaults from here, the
YAML loader fills missing keys and checks values with them, the staff form checks with
them, and promo.readiness applies them. Plain Python, so the readiness rule's plain data
can use it without the database.
"""

FIELDS = (
    "quarters_needed",
    "quarters_window",
    "needs_matured_impact",
    "matured_impact_needed",
    "overdue_checkins_allowed",
    "close_max_short",
    "checkin_offsets_days",
)

DEFAULT_QUARTERS_NEEDED = 3
DEFAULT_QUARTERS_WINDOW = 4
DEFAULT_NEEDS_MATURED_IMPACT = True
DEFAULT_CHECKIN_OFFSETS_DAYS = (30, 90)
# "More than one": one good launch is an anecdote, two are a pattern a committee accepts.
DEFAULT_MATURED_IMPACT_NEEDED = 2
# A few late check-ins are life; more than this on one criterion's evidence means its
# impact claims are unverified, so the criterion is not shown until they are answered.
DEFAULT_OVERDUE_CHECKINS_ALLOWED = 2
# Close: every criterion at least building and at most this many not yet shown, i.e. the
# people a manager should talk to about a case this half.
DEFAULT_CLOSE_MAX_SHORT = 2

# A criterion that needs confirmation (leverage: did other teams really adopt it?) is shown
# only when at least this many other teams have confirmed adoption.
DEFAULT_NEEDS_CONFIRMATION = False
DEFAULT_MIN_CONFIRMING_TEAMS = 1
CRITERION_FIELDS = ("needs_confirmation", "min_confirming_teams")

QUARTERS_MIN, QUARTERS_MAX = 1, 12
OFFSET_MIN_DAYS, OFFSET_MAX_DAYS = 1, 730
# field: (lowest, highest) for the whole-number thresholds besides the quarters.
COUNT_BOUNDS = {
    "matured_impact_needed": (1, 10),
    "overdue_checkins_allowed": (0, 50),
    "close_max_short": (1, 12),
}
CONFIRMING_TEAMS_MIN, CONFIRMING_TEAMS_MAX = 1, 20

QUARTERS_MESSAGE = f"A whole number of quarters from {QUARTERS_MIN} to {QUARTERS_MAX}."
NEEDED_WITHIN_WINDOW_MESSAGE = "Cannot exceed the quarters window."
IMPACT_MESSAGE = "Expected true or false."
CONFIRMING_TEAMS_MESSAGE = (
    f"A whole number of teams from {CONFIRMING_TEAMS_MIN} to {CONFIRMING_TEAMS_MAX}."
)
CONFIRMATION_MESSAGE = "Expected true or false."
OFFSETS_MESSAGE = (
    f"Each offset is a whole number of days from {OFFSET_MIN_DAYS} to {OFFSET_MAX_DAYS}."
)


def count_message(field):
    low, high = COUNT_BOUNDS[field]
    return f"A whole number from {low} to {high}."


def defaults():
    """Every threshold at its default, as the YAML format spells them."""
    return {
        "quarters_needed": DEFAULT_QUARTERS_NEEDED,
        "quarters_window": DEFAULT_QUARTERS_WINDOW,
        "needs_matured_impact": DEFAULT_NEEDS_MATURED_IMPACT,
        "matured_impact_needed": DEFAULT_MATURED_IMPACT_NEEDED,
        "overdue_checkins_allowed": DEFAULT_OVERDUE_CHECKINS_ALLOWED,
        "close_max_short": DEFAULT_CLOSE_MAX_SHORT,
        "checkin_offsets_days": list(DEFAULT_CHECKIN_OFFSETS_DAYS),
    }


def checkin_offsets_or_default(offsets) -> tuple[int, ...]:
    """The offsets sorted and without repeats; none at all gives the defaults, so shipped
    work can always mature."""
    return tuple(sorted(set(offsets))) if offsets else DEFAULT_CHECKIN_OFFSETS_DAYS


def _whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def problems(values):
    """[(field, message)] for the thresholds in `values` that are out of bounds. A field
    missing from `values`, or None there, is not checked (its own parsing failed)."""
    found = []
    for key in ("quarters_needed", "quarters_window"):
        value = values.get(key)
        if value is not None and not (_whole(value) and QUARTERS_MIN <= value <= QUARTERS_MAX):
            found.append((key, QUARTERS_MESSAGE))
    needed, window = values.get("quarters_needed"), values.get("quarters_window")
    if not found and needed is not None and window is not None and needed > window:
        found.append(("quarters_needed", NEEDED_WITHIN_WINDOW_MESSAGE))
    for key, (low, high) in COUNT_BOUNDS.items():
        value = values.get(key)
        if value is not None and not (_whole(value) and low <= value <= high):
            found.append((key, count_message(key)))
    impact = values.get("needs_matured_impact")
    if impact is not None and not isinstance(impact, bool):
        found.append(("needs_matured_impact", IMPACT_MESSAGE))
    offsets = values.get("checkin_offsets_days")
    if offsets is not None and not (
        isinstance(offsets, list | tuple)
        and all(_whole(day) and OFFSET_MIN_DAYS <= day <= OFFSET_MAX_DAYS for day in offsets)
    ):
        found.append(("checkin_offsets_days", OFFSETS_MESSAGE))
    return found


def criterion_defaults():
    """A criterion's confirmation settings at their defaults, as the YAML format spells them."""
    return {
        "needs_confirmation": DEFAULT_NEEDS_CONFIRMATION,
        "min_confirming_teams": DEFAULT_MIN_CONFIRMING_TEAMS,
    }


def criterion_problems(values):
    """[(field, message)] for a criterion's confirmation settings that are out of bounds;
    a field missing from `values`, or None there, is not checked."""
    found = []
    needs = values.get("needs_confirmation")
    if needs is not None and not isinstance(needs, bool):
        found.append(("needs_confirmation", CONFIRMATION_MESSAGE))
    teams = values.get("min_confirming_teams")
    if teams is not None and not (
        _whole(teams) and CONFIRMING_TEAMS_MIN <= teams <= CONFIRMING_TEAMS_MAX
    ):
        found.append(("min_confirming_teams", CONFIRMING_TEAMS_MESSAGE))
    return found
