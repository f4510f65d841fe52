"""The calibration grid of one committee: candidates as rows, the ladder's criteria as
columns, each cell the frozen packet's criterion in My team's words.

A fixed number of queries whatever the number of candidates: the criteria, the
nominations with their candidates and vote counts, the viewer's own votes, and the
viewer's relations to the candidates (two). Sorting and filtering work on the rows.
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Count

from promo.dashboards.marks import criterion_mark, mark_words, state_words
from promo.models import Criterion, Nomination, Vote
from promo.org.access import relations_to_many

SORTS = [("name", "Name"), ("standing", "Readiness"), ("shown", "Criteria shown")]
STANDINGS = [("", "Everyone"), ("ready", "Ready"), ("close", "Close"), ("building", "Building")]
SHOW = [("", "All"), ("undecided", "Not decided"), ("my_vote", "Waiting for my vote")]
STANDING_ORDER = {"ready": 0, "close": 1, "building": 2}


class GridFilters(forms.Form):
    sort = forms.ChoiceField(choices=SORTS, required=False)
    standing = forms.ChoiceField(choices=STANDINGS, required=False, label="Readiness")
    show = forms.ChoiceField(choices=SHOW, required=False)

    def values(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {key: data.get(key) or "" for key in ("sort", "standing", "show")}


@dataclass
class GridCell:
    words: str
    state: str
    mark: str
    shown: bool


@dataclass
class GridRow:
    nomination: Nomination
    name: str
    standing: str
    cells: list = field(default_factory=list)
    votes_in: int = 0
    my_vote: bool = False
    conflict: str = ""

    @property
    def shown_count(self):
        return sum(1 for cell in self.cells if cell and cell.shown)


def _cell(frozen):
    if frozen is None:
        return None
    return GridCell(
        words=mark_words(frozen),
        state=state_words(frozen),
        mark=criterion_mark(frozen),
        shown=bool(frozen.get("shown")),
    )


def _conflict(relation):
    if relation.is_self:
        return "the candidate"
    if relation.is_manager:
        return "their manager"
    return "their mentor" if relation.is_mentor else ""


def grid_criteria(committee):
    return list(Criterion.objects.filter(ladder_id=committee.level.ladder_id).order_by("position"))


def grid_rows(committee, viewer, criteria):
    nominations = list(
        Nomination.objects.filter(committee=committee, nominated_at__isnull=False)
        .select_related("candidacy__person")
        .annotate(votes_in=Count("votes"))
        .order_by("id")
    )
    mine = set(
        Vote.objects.filter(nomination__in=nominations, member_id=viewer.pk).values_list(
            "nomination_id", flat=True
        )
    )
    people = [n.candidacy.person for n in nominations]
    relations = relations_to_many(viewer, people) if people else {}
    rows = []
    for nomination in nominations:
        frozen = nomination.packet.get("readiness", {})
        by_id = {cell.get("id"): cell for cell in frozen.get("criteria", [])}
        rows.append(
            GridRow(
                nomination=nomination,
                name=nomination.packet.get("candidate", {}).get("name", ""),
                standing=frozen.get("standing", ""),
                cells=[_cell(by_id.get(criterion.pk)) for criterion in criteria],
                votes_in=nomination.votes_in,
                my_vote=nomination.pk in mine,
                conflict=_conflict(relations[nomination.candidacy.person_id]),
            )
        )
    return rows


def filtered(rows, values):
    if values["standing"]:
        rows = [row for row in rows if row.standing == values["standing"]]
    if values["show"] == "undecided":
        rows = [row for row in rows if not row.nomination.is_decided]
    if values["show"] == "my_vote":
        rows = [row for row in rows if not row.my_vote and not row.conflict]
    if values["sort"] == "standing":
        return sorted(rows, key=lambda row: (STANDING_ORDER.get(row.standing, 3), row.name))
    if values["sort"] == "shown":
        return sorted(rows, key=lambda row: (-row.shown_count, row.name))
    return sorted(rows, key=lambda row: row.name.lower())
