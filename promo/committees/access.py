"""Who may see a cycle, a committee's grid and a packet, and who votes and decides.

Computed from the organisation as it is now (STYLE 12): a member who has since become the
candidate's manager or mentor is conflicted from that moment.
- A cycle: everyone signed in, once it left draft; staff only while it is a draft.
- A committee's grid: its members while the cycle runs (not once closed), and staff;
  nobody else is told it exists (404).
- A packet: the committee's members while the cycle runs, staff, the candidate and their
  managers (404 for everyone else). Members vote and decide unless conflicted (the
  candidate themself, their managers and mentors: they present the case, 403 on a vote);
  staff decide too. Votes are shown to a member only once they voted; after release the
  candidate and their managers see them without names. Nobody else sees votes.
"""

from dataclasses import dataclass
from enum import Enum

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from promo.models import Committee, Cycle, Level, Nomination
from promo.org.access import relation_between
from promo.web.lookups import instance_by_pk
from promo.web.prepared import prepared_cursor


class Need(Enum):
    VIEW = "view"
    VOTE = "vote"
    DECIDE = "decide"


def conflict_of(viewer, person):
    """Why `viewer` may not vote on `person`'s case ("" when they may)."""
    relation = relation_between(viewer, person)
    if relation.is_self:
        return "the candidate"
    if relation.is_manager:
        return "their manager"
    if relation.is_mentor:
        return "their mentor"
    return ""


@dataclass(frozen=True)
class PacketRights:
    view: bool = False
    vote: bool = False
    decide: bool = False
    member: bool = False
    conflict: str = ""  # why a member may not vote
    see_named_votes: bool = False
    see_anonymous_votes: bool = False
    see_decision: bool = False

    def allows(self, need):
        return getattr(self, need.value)


def _is_member(viewer, committee):
    return committee.members.filter(pk=viewer.pk).exists()


def packet_rights(viewer, nomination):
    cycle, person = nomination.cycle, nomination.candidacy.person
    relation = relation_between(viewer, person)
    member = cycle.status != Cycle.Status.CLOSED and _is_member(viewer, nomination.committee)
    conflict = conflict_of(viewer, person) if member or viewer.is_staff else ""
    concerned = relation.is_self or relation.is_manager
    running = cycle.in_review and nomination.is_nominated and not cycle.is_released
    may_judge = running and not conflict
    voted = member and nomination.votes.filter(member_id=viewer.pk).exists()
    return PacketRights(
        view=member or viewer.is_staff or concerned,
        vote=member and may_judge,
        decide=(member or viewer.is_staff) and may_judge,
        member=member,
        conflict=conflict,
        see_named_votes=voted,
        see_anonymous_votes=cycle.is_released and concerned,
        see_decision=member or viewer.is_staff or (cycle.is_released and concerned),
    )


def nomination_for_viewer(viewer, pk, *, need=Need.VIEW):
    """The nomination `pk` and the viewer's rights over it: 404 if they may not see its
    packet, 403 if they see it but may not do `need` (a conflicted member voting)."""
    nomination = (
        Nomination.objects.select_related(
            "cycle",
            "committee__level",
            "candidacy__person__manager",
            "candidacy__target_level",
            "submission",
        )
        .filter(pk=pk, nominated_at__isnull=False)
        .first()
    )
    if nomination is None:
        raise Http404("No such nomination.")
    rights = packet_rights(viewer, nomination)
    if not rights.view:
        raise Http404("No such nomination.")
    if not rights.allows(need):
        if rights.conflict:
            raise PermissionDenied(
                f"You are {rights.conflict}: you may present the case, not vote or decide."
            )
        if not (rights.member or viewer.is_staff):
            raise PermissionDenied("Only the committee's members vote and decide.")
        raise PermissionDenied("Votes and decisions are taken while the cycle is in review.")
    return nomination, rights


def _columns(model, alias):
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


def _attnames(model):
    return [field.attname for field in model._meta.concrete_fields]


# The committee with its cycle and level, and whether the viewer sits on it, in one
# statement. Plain SQL: on the grid, compiling the select_related query through the ORM
# cost about as much CPU as the whole authenticated floor.
COMMITTEE_SQL = f"""
SELECT {_columns(Committee, "k")}, {_columns(Cycle, "c")}, {_columns(Level, "l")},
       EXISTS (SELECT 1 FROM {Committee.members.through._meta.db_table} m
               WHERE m.committee_id = k.id AND m.user_id = %s)
FROM {Committee._meta.db_table} k
JOIN {Cycle._meta.db_table} c ON c.id = k.cycle_id
JOIN {Level._meta.db_table} l ON l.id = k.level_id
WHERE k.id = %s
"""  # noqa: S608 - table and column names from the models


def _committee_with_membership(viewer, pk):
    """(committee with its cycle and level loaded, whether the viewer is a member), or
    None when there is no such committee."""
    with prepared_cursor() as cursor:
        cursor.execute(COMMITTEE_SQL, [viewer.pk, pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    loaded = []
    for model in (Committee, Cycle, Level):
        names = _attnames(model)
        loaded.append(model.from_db(connection.alias, names, values[: len(names)]))
        values = values[len(names) :]
    committee, committee.cycle, committee.level = loaded
    return committee, values[0]


def committee_for_viewer(viewer, pk):
    """A committee's grid: its members while the cycle runs, and staff; else 404."""
    found = _committee_with_membership(viewer, pk)
    if found is None:
        raise Http404("No such committee.")
    committee, member = found
    running = committee.cycle.status != Cycle.Status.CLOSED
    if not viewer.is_staff and not (running and member):
        raise Http404("No such committee.")
    return committee


def cycle_for_viewer(viewer, pk):
    """A cycle's page: anyone signed in once it left draft; staff see drafts (else 404)."""
    cycle = instance_by_pk(Cycle, pk)
    if cycle is None or (cycle.status == Cycle.Status.DRAFT and not viewer.is_staff):
        raise Http404("No such cycle.")
    return cycle


def cycle_for_staff(viewer, pk):
    """A cycle to administer: 403 for anyone not staff (the pages are no secret), 404 if
    there is none."""
    if not viewer.is_staff:
        raise PermissionDenied("Only staff run promotion cycles.")
    cycle = instance_by_pk(Cycle, pk)
    if cycle is None:
        raise Http404("No such cycle.")
    return cycle


def committees_of(viewer):
    """The committees whose grids the viewer may open now."""
    rows = Committee.objects.select_related("cycle", "level").exclude(
        cycle__status__in=[Cycle.Status.CLOSED, Cycle.Status.DRAFT]
    )
    return rows if viewer.is_staff else rows.filter(members=viewer)
