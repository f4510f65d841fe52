"""Reads over verdicts, for the candidacy page and the readiness measures."""

from collections import defaultdict

from reviews.models import Verdict


def latest_verdicts(candidacy):
    """Each reviewer's newest verdict per criterion, across all rounds of the candidacy.

    One query, whatever the number of rounds, reviewers or criteria.
    """
    rows = (
        Verdict.objects.filter(round__document__candidacy_id=candidacy.pk)
        .select_related("reviewer", "criterion", "round__version")
        .order_by("-round__opened_at", "-round_id", "reviewer__display_name")
    )
    seen, latest = set(), []
    for verdict in rows:
        key = (verdict.reviewer_id, verdict.criterion_id)
        if key not in seen:
            seen.add(key)
            latest.append(verdict)
    return latest


def verdicts_for(candidacy):
    """{criterion_id: [Verdict, ...]}: each reviewer's newest verdict on each criterion."""
    found = defaultdict(list)
    for verdict in latest_verdicts(candidacy):
        found[verdict.criterion_id].append(verdict)
    return dict(found)


def mentor_verdicts_by_criterion(candidacy, criterion_ids):
    """The readiness hook: {criterion_id: [MentorVerdict]} from each reviewer's newest
    verdict. One query, whatever the number of criteria."""
    from promo.readiness.facts import MentorVerdict

    wanted = set(criterion_ids)
    found = defaultdict(list)
    for verdict in latest_verdicts(candidacy):
        if verdict.criterion_id in wanted:
            found[verdict.criterion_id].append(
                MentorVerdict(
                    mentor_name=str(verdict.reviewer),
                    verdict=verdict.get_value_display(),
                    note=verdict.note,
                )
            )
    return dict(found)
