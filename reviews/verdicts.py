"""Reads over verdicts, for the document page, the case and readiness pages and My team.

Who sees what is the rule in reviews.access: a verdict, its reviewer and its note
are for the audience of its round; anyone else sees at most that a verdict exists.
"""

from collections import defaultdict
from dataclasses import dataclass

from reviews.access import rounds_readable_by, verdict_rounds_readable_by
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


def _combined(values):
    if Verdict.Value.NOT_YET in values:
        return Verdict.Value.NOT_YET
    if all(value == Verdict.Value.NEXT_LEVEL for value in values):
        return Verdict.Value.NEXT_LEVEL
    return Verdict.Value.NOT_ENOUGH_EVIDENCE


def latest_calls(candidacy, criterion_ids, viewer=None):
    """The readiness rule's hook: {criterion_id: (value, given_at)} from the newest round
    holding a verdict on each criterion, among the rounds `viewer` may read (None: the
    manager audience, i.e. rounds that include the manager, as snapshots count only
    evidence shared with managers). Any "Not yet" there makes the call "Not yet"; all
    "Next level" makes it "Next level". No names or notes: one query."""
    rows = Verdict.objects.filter(
        round__document__candidacy_id=candidacy.pk, criterion_id__in=criterion_ids
    )
    if viewer is None:
        rows = rows.filter(round__includes_manager=True)
    else:
        rows = rows.filter(round__in=rounds_readable_by(viewer).values("pk"))
    rows = rows.order_by("-round__opened_at", "-round_id").values_list(
        "criterion_id", "round_id", "value", "given_at"
    )
    latest_round, values, given = {}, defaultdict(list), {}
    for criterion_id, round_id, value, given_at in rows:
        if latest_round.setdefault(criterion_id, round_id) != round_id:
            continue
        values[criterion_id].append(value)
        given[criterion_id] = max(given.get(criterion_id, given_at), given_at)
    return {cid: (_combined(found), given[cid]) for cid, found in values.items()}


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
