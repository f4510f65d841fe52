"""Calibration checks: what staff are warned of before releasing a cycle's decisions.

- a level whose promotion rate is far from the other levels' (RATE_SPREAD or more);
- a "promote" where a criterion of the packet has no matured impact;
- a "not yet" without feedback on any criterion (the candidate would get no gaps).
Checks read the frozen packets and the decisions only: one query.
"""

from dataclasses import dataclass

from promo.models import Nomination

RATE_SPREAD = 0.4


@dataclass(frozen=True)
class Warning:
    kind: str
    text: str


def _rates(nominations):
    by_level = {}
    for nomination in nominations:
        if nomination.is_decided:
            promoted, decided = by_level.get(nomination.committee.level.code, (0, 0))
            hit = nomination.decision == Nomination.Decision.PROMOTE
            by_level[nomination.committee.level.code] = (promoted + hit, decided + 1)
    return {code: promoted / decided for code, (promoted, decided) in by_level.items()}


def rate_warnings(nominations):
    rates = _rates(nominations)
    warnings = []
    for code, rate in sorted(rates.items()):
        others = [other for key, other in rates.items() if key != code]
        if not others:
            continue
        mean = sum(others) / len(others)
        if abs(rate - mean) >= RATE_SPREAD:
            warnings.append(
                Warning(
                    "rate",
                    f"{code} promotes {rate:.0%} of its candidates; the other levels "
                    f"{mean:.0%} on average.",
                )
            )
    return warnings


def decision_warnings(nomination):
    name = nomination.packet.get("candidate", {}).get("name", "")
    if nomination.decision == Nomination.Decision.PROMOTE:
        return [
            Warning("impact", f"Promote {name}, but {cell['name']} has no matured impact.")
            for cell in nomination.packet.get("readiness", {}).get("criteria", [])
            if not cell.get("matured")
        ]
    if nomination.decision == Nomination.Decision.NOT_YET and not nomination.feedback:
        return [Warning("feedback", f"“Not yet” for {name} without feedback on any criterion.")]
    return []


def nominations_of(cycle):
    return list(
        Nomination.objects.filter(cycle=cycle, nominated_at__isnull=False)
        .select_related("committee__level")
        .order_by("committee__level__position", "id")
    )


def calibration_checks(cycle, nominations=None):
    """Every warning for the cycle's decisions so far, rates first."""
    nominations = nominations_of(cycle) if nominations is None else nominations
    warnings = rate_warnings(nominations)
    for nomination in nominations:
        warnings.extend(decision_warnings(nomination))
    return warnings
