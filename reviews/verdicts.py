"""Reads over verdicts, for the document page, the case and readiness pages and My team.

Who sees what is the rule in reviews.access: a verdict, its reviewer and its note
are for the audience of its round; anyone else sees at most that a verdict exists.
"""

from collections import defaultdict
from dataclasses import dataclass

from reviews.access import verdict_rounds_readable_by
from reviews.models import Verdict

# All that someone outside a verdict's round learns of it.
VERDICT_EXISTS = "a mentor gave a verdict"


@dataclass(frozen=True)
class SeenVerdicts:
    """The verdicts one viewer may read in full, and whether others exist."""

    visible: list  # each reviewer's newest readable verdict per criterion
    hidden_criteria: frozenset  # criterion ids holding a verdict the viewer may not read

    @property
    def others_exist(self):
        """A sentence saying verdicts exist that the viewer may not read, or ""."""
        if not self.hidden_criteria:
            return ""
        return "A mentor gave a verdict in a round you are not part of."


def _rows(candidacy):
    return (
        Verdict.objects.filter(round__document__candidacy_id=candidacy.pk)
        .select_related("reviewer", "criterion", "round__version")
        .order_by("-round__opened_at", "-round_id", "reviewer__display_name")
    )


def _newest_per_reviewer(rows):
    seen, latest = set(), []
    for verdict in rows:
        key = (verdict.reviewer_id, verdict.criterion_id)
        if key not in seen:
            seen.add(key)
            latest.append(verdict)
    return latest


def latest_verdicts(candidacy):
    """Each reviewer's newest verdict per criterion, across all rounds of the candidacy,
    whoever may read them: callers showing them use verdicts_seen_by instead."""
    return _newest_per_reviewer(_rows(candidacy))


def verdicts_seen_by(viewer, candidacy):
    """What `viewer` may see of the candidacy's verdicts (None: nobody in particular, so
    only that verdicts exist). Two queries, whatever the number of rounds or criteria."""
    readable = verdict_rounds_readable_by(viewer, candidacy)
    rows = list(_rows(candidacy))
    visible = _newest_per_reviewer(v for v in rows if v.round_id in readable)
    hidden = frozenset(v.criterion_id for v in rows if v.round_id not in readable)
    return SeenVerdicts(visible=visible, hidden_criteria=hidden)


def mentor_verdicts_by_criterion(candidacy, criterion_ids, viewer=None):
    """The readiness hook: {criterion_id: [MentorVerdict]} of what `viewer` may read in
    full, plus one "a mentor gave a verdict" entry on a criterion holding verdicts they may
    not read. Without a viewer (snapshots shared by many readers) only the latter."""
    from promo.readiness.facts import MentorVerdict

    wanted = set(criterion_ids)
    seen = verdicts_seen_by(viewer, candidacy)
    found = defaultdict(list)
    for verdict in seen.visible:
        if verdict.criterion_id in wanted:
            found[verdict.criterion_id].append(
                MentorVerdict(
                    mentor_name=str(verdict.reviewer),
                    verdict=verdict.get_value_display(),
                    note=verdict.note,
                )
            )
    for criterion_id in seen.hidden_criteria & wanted:
        if not found[criterion_id]:
            found[criterion_id].append(MentorVerdict("", VERDICT_EXISTS, hidden=True))
    return dict(found)
