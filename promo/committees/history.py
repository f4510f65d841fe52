"""A candidacy's cycles as one viewer may see them, and votes as a viewer may see them."""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.views.decorators.http import require_GET

from promo.audit.services import audit_view
from promo.candidacies.access import candidacy_for_viewer
from promo.committees.access import packet_rights
from promo.models import AuditEntry, Nomination, Vote


@dataclass
class VoteShown:
    who: str
    overall: str
    note: str
    criteria: list = field(default_factory=list)  # (criterion name, label), packet order


def votes_as_seen(nomination, rights):
    """Named for a member who voted; "Member 1, 2…" for the candidate and their managers
    after release; nothing for anyone else."""
    if not (rights.see_named_votes or rights.see_anonymous_votes):
        return []
    cells = nomination.packet.get("readiness", {}).get("criteria", [])
    rows = Vote.objects.filter(nomination=nomination).select_related("member").order_by("id")
    return [
        VoteShown(
            who=str(vote.member) if rights.see_named_votes else f"Member {index}",
            overall=vote.get_overall_display(),
            note=vote.note,
            criteria=[(cell["name"], vote.value_label(cell["id"])) for cell in cells],
        )
        for index, vote in enumerate(rows, start=1)
    ]


@dataclass
class CycleShown:
    nomination: Nomination
    rights: object
    votes: list


@require_GET
def candidacy_cycles(request, pk):
    """Every cycle the case was in: packet, votes, decision, and the gaps it closed."""
    candidacy, _ = candidacy_for_viewer(request.user, pk)
    nominations = (
        Nomination.objects.filter(candidacy=candidacy, nominated_at__isnull=False)
        .select_related("cycle", "committee__level", "candidacy__person")
        .order_by("nominated_at", "id")
    )
    shown = []
    for nomination in nominations:
        rights = packet_rights(request.user, nomination)
        if rights.view:
            audit_view(
                viewer=request.user,
                owner=candidacy.person,
                action=AuditEntry.Action.PACKET_VIEWED,
                target=nomination,
                detail=f"Packet in {nomination.cycle}, from the case's cycles",
            )
        shown.append(CycleShown(nomination, rights, votes_as_seen(nomination, rights)))
    context = {"candidacy": candidacy, "person": candidacy.person, "cycles": shown}
    return render(request, "committees/history.html", context)
