"""Who may see and change a candidacy.

The engineer, managers anywhere above them, their mentors and staff see it; nobody
else is told it exists (404). Among those who see it:
- the engineer, their managers and staff prepare it (target date, resubmit, close gaps);
- mentors may also add gaps and close them;
- only managers and staff record submissions and outcomes (403 for the others).
"""

from dataclasses import dataclass, field
from enum import Enum

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from promo.models import Candidacy, Gap, MentorAssignment, Submission, User
from promo.org.access import relation_between
from promo.org.tree import people_below_ids
from promo.web.lookups import instance_by_pk


class Need(Enum):
    VIEW = "view"
    PREPARE = "prepare"
    GAPS = "gaps"
    DECIDE = "decide"


@dataclass(frozen=True)
class CandidacyRights:
    """What one viewer may do with one candidacy as it stands; templates show forms from
    it and never read the status themselves."""

    view: bool = False
    prepare: bool = False
    gaps: bool = False
    decide: bool = False
    # The case's status when the rights were read: what may be done next depends on it.
    status: str = field(default="", compare=False)

    def allows(self, need):
        return getattr(self, need.value)

    @property
    def can_change_target_date(self):
        return self.prepare and self.status in Candidacy.OPEN_STATUSES

    @property
    def can_submit(self):
        return self.decide and self.status == Candidacy.Status.PREPARING

    @property
    def can_record_outcome(self):
        return self.decide and self.status == Candidacy.Status.SUBMITTED

    @property
    def can_resubmit(self):
        return self.prepare and self.status == Candidacy.Status.NOT_YET

    @property
    def can_add_gap(self):
        return self.gaps and self.status != Candidacy.Status.PROMOTED


def rights_over(viewer, candidacy, relation=None):
    """Rights from how the viewer stands to the engineer now (the management chain and the
    mentor assignments of this moment), never from who stood there when the case opened.
    `relation`: relation_between(viewer, the engineer), when the caller has it already."""
    relation = relation or relation_between(viewer, candidacy.person)
    decide = relation.is_manager or relation.is_staff
    prepare = relation.is_self or decide
    return CandidacyRights(
        view=prepare or relation.is_mentor,
        prepare=prepare,
        gaps=prepare or relation.is_mentor,
        decide=decide,
        status=candidacy.status,
    )


def _candidacies():
    return Candidacy.objects.select_related(
        "person", "person__level", "person__manager", "ladder", "from_level", "target_level"
    )


def candidacy_for_viewer(viewer, pk, *, need=Need.VIEW):
    """The candidacy `pk` and the viewer's rights over it.

    404 if the viewer may not see it; 403 if they see it but may not do `need`.
    """
    # Only the person, whom the rights are read from, and the target level its name (the
    # audit entry's label) shows: the case page's body is cached, and joining four more
    # relations cost a quarter of the manager's view of it.
    candidacy = instance_by_pk(Candidacy, pk, ("person", "target_level"))
    if candidacy is None:
        raise Http404("No such candidacy.")
    rights = rights_over(viewer, candidacy)
    if not rights.view:
        raise Http404("No such candidacy.")
    if not rights.allows(need):
        raise PermissionDenied("Only the engineer's managers and staff may do this.")
    return candidacy, rights


def gap_for_viewer(viewer, pk):
    """An open or closed gap, for someone who may work on the candidacy's gaps."""
    gap = instance_by_pk(Gap, pk, ("candidacy",))
    if gap is None:
        raise Http404("No such gap.")
    candidacy, rights = candidacy_for_viewer(viewer, gap.candidacy_id, need=Need.GAPS)
    gap.candidacy = candidacy
    return gap, rights


def case_prefetches():
    """What the case page shows beyond the candidacy row: a fixed number of queries."""
    return [
        Prefetch(
            "person__mentor_links",
            queryset=MentorAssignment.objects.select_related("mentor"),
            to_attr="current_mentor_links",
        ),
        Prefetch(
            "submissions",
            # A submission nominated in a promotion cycle names its cycle.
            queryset=Submission.objects.select_related(
                "submitted_by", "decided_by", "nomination__cycle"
            ),
        ),
        Prefetch(
            "gaps",
            queryset=Gap.objects.select_related("criterion", "submission", "opened_by"),
        ),
    ]


# Candidacy.objects.open_first()'s order, as plain SQL: with the case page's body cached,
# compiling that queryset's CASE ordering and joins was half of what was left of My case.
_OPEN_OR_LATEST = """
SELECT * FROM {table} WHERE person_id = %s
ORDER BY CASE WHEN status IN (%s, %s) THEN 0 ELSE 1 END, created_at DESC, id DESC
LIMIT 1
"""


def latest_candidacy_for(person):
    """The person's open candidacy, else their most recent one, else None: the row
    alone, with `person` as its person (its other relations load when first read)."""
    sql = _OPEN_OR_LATEST.format(table=Candidacy._meta.db_table)
    found = next(iter(Candidacy.objects.raw(sql, [person.pk, *Candidacy.OPEN_STATUSES])), None)
    if found is not None:
        found.person = person
    return found


def with_case_relations(candidacy):
    """The candidacy read again with everything a drawn case body names joined, in one
    query: the views' own fetches join only what access and a cached body need."""
    return _candidacies().get(pk=candidacy.pk)


def earlier_candidacies_for(person, current):
    rows = _candidacies().filter(person_id=person.pk)
    return rows.exclude(pk=current.pk) if current else rows.none()


def reports_of(viewer):
    """Everyone below the viewer in the management chain."""
    return User.objects.filter(pk__in=people_below_ids(viewer.pk))
