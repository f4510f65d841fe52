"""Reads about candidacies that other parts of promo build on."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from promo.models import Candidacy, Criterion, Expectation


def open_or_latest_prefetch():
    """Prefetch each person's candidacies in Candidacy.objects.open_first() order, for
    open_or_latest(person) to read without a query per person."""
    return Prefetch(
        "candidacies",
        queryset=Candidacy.objects.select_related("target_level").open_first(),
        to_attr="candidacies_open_first",
    )


def open_or_latest(person):
    """The open case, else the newest one, from open_or_latest_prefetch()'s list."""
    every = getattr(person, "candidacies_open_first", [])
    return every[0] if every else None


def open_candidacy_for(person):
    """The person's candidacy that is preparing or submitted, or None. There is at most one."""
    return Candidacy.objects.select_related("ladder", "from_level", "target_level").open_for(person)


def criteria_rows_for(candidacy):
    """One row per criterion of the candidacy's ladder, in ladder order: the expectation
    at the target level and the criterion's open and closed gaps.

    Expects the candidacy's gaps to be prefetched (see with_case_details); costs one
    query for the criteria and their expectations whatever the ladder's size.
    """
    criteria = Criterion.objects.filter(ladder_id=candidacy.ladder_id).prefetch_related(
        Prefetch(
            "expectations",
            queryset=Expectation.objects.filter(level_id=candidacy.target_level_id),
            to_attr="at_target",
        )
    )
    gaps_by_criterion = {}
    for gap in candidacy.gaps.all():
        gaps_by_criterion.setdefault(gap.criterion_id, []).append(gap)
    return [
        CriterionRow(
            criterion=criterion,
            expectation=criterion.at_target[0] if criterion.at_target else None,
            open_gaps=[g for g in gaps_by_criterion.get(criterion.pk, []) if g.is_open],
            closed_gaps=[g for g in gaps_by_criterion.get(criterion.pk, []) if not g.is_open],
        )
        for criterion in criteria
    ]


@dataclass
class CriterionRow:
    criterion: object
    expectation: object
    open_gaps: list = field(default_factory=list)
    closed_gaps: list = field(default_factory=list)
