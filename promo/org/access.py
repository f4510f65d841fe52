from dataclasses import dataclass
from functools import cache, wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from promo.models import MentorAssignment, User
from promo.org.tree import MAX_DEPTH, chain_cte, people_below_ids
from promo.web.lookups import instance_by_pk
from promo.web.prepared import prepared_cursor


@dataclass(frozen=True)
class Relation:
    """How a viewer stands to a person. Several can hold at once."""

    is_self: bool = False
    is_manager: bool = False  # anywhere above the person in the chain
    is_mentor: bool = False  # an assigned mentor
    is_staff: bool = False

    @property
    def any(self):
        return self.is_self or self.is_manager or self.is_mentor or self.is_staff


def mentees_of(viewer):
    return User.objects.filter(mentor_links__mentor_id=viewer.pk).select_related("team", "level")


_RELATION_SQL = """{chain}
SELECT EXISTS (SELECT 1 FROM chain WHERE depth > 0 AND id = %(viewer)s),
       EXISTS (SELECT 1 FROM {assignment} WHERE mentor_id = %(viewer)s AND mentee_id = %(person)s)
"""


@cache
def _relation_sql():
    return _RELATION_SQL.format(
        chain=chain_cte("%(person)s", "%(depth)s"),
        assignment=MentorAssignment._meta.db_table,
    )


def relation_between(viewer, person):
    """How `viewer` stands to `person`: whether they manage them (anywhere above in the
    chain) and mentor them, asked in one statement (every page about someone else's
    things asks before anything else)."""
    if not viewer.is_authenticated:
        return Relation()
    if viewer.pk == person.pk:
        return Relation(is_self=True, is_staff=viewer.is_staff)
    params = {"viewer": viewer.pk, "person": person.pk, "depth": MAX_DEPTH}
    with prepared_cursor() as cursor:
        cursor.execute(_relation_sql(), params)
        is_manager, is_mentor = cursor.fetchone()
    return Relation(
        is_manager=bool(is_manager), is_mentor=bool(is_mentor), is_staff=viewer.is_staff
    )


def relations_to_many(viewer, people):
    """relation_between(viewer, person) for each of `people`, keyed by person id, in two
    queries whatever their number (for pages that name many people's things)."""
    if not viewer.is_authenticated:
        return {person.pk: Relation() for person in people}
    if all(person.pk == viewer.pk for person in people):
        return {viewer.pk: Relation(is_self=True, is_staff=viewer.is_staff)}
    below = set(people_below_ids(viewer.pk))
    mentees = set(
        MentorAssignment.objects.filter(mentor_id=viewer.pk).values_list("mentee_id", flat=True)
    )
    return {
        person.pk: Relation(
            is_self=person.pk == viewer.pk,
            is_manager=person.pk in below,
            is_mentor=person.pk in mentees and person.pk != viewer.pk,
            is_staff=viewer.is_staff,
        )
        for person in people
    }


PERSON_RELATED = ("team", "manager", "ladder", "level")


def person_for_viewer(viewer, pk, *, related=PERSON_RELATED):
    """The person `pk` if the viewer is them, manages them, mentors them or is staff.

    Anyone else gets 404: they are not told the person exists.
    """
    return person_and_relation_for_viewer(viewer, pk, related=related)[0]


def person_and_relation_for_viewer(viewer, pk, *, related=PERSON_RELATED):
    """person_for_viewer, and how the viewer stands to them, for a page that asks again.
    `related`: the relations to join (a page drawn from the cache needs none)."""
    person = instance_by_pk(User, pk, tuple(related))
    relation = relation_between(viewer, person) if person is not None else None
    if relation is None or not relation.any:
        raise Http404("No such person.")
    return person, relation


def may_change_account(viewer, person):
    """Staff and superuser accounts are changed by superusers only: changing one's email
    and then resetting its password would hand a staff member a more powerful account."""
    return viewer.is_superuser or not (person.is_staff or person.is_superuser)


def person_for_account_change(viewer, pk):
    """The person `pk` for a staff member to edit: 404 if there is nobody, 403 when they are
    staff or a superuser and the viewer is not a superuser."""
    person = instance_by_pk(User, pk)
    if person is None:
        raise Http404("No such person.")
    if not may_change_account(viewer, person):
        raise PermissionDenied("Only a superuser changes a staff or superuser account.")
    return person


def require_staff(view):
    """Staff-only pages: everyone else signed in gets 403 (the pages are no secret)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied("Only staff can administer the organisation.")
        return view(request, *args, **kwargs)

    return wrapper
