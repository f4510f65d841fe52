"""Writes to the organisation: people, managers and mentor assignments."""

from django.core.exceptions import ValidationError
from django.db import transaction

from promo.models import MentorAssignment, User
from promo.org import manager_would_cycle, managers_above_ids


def user_set_manager(*, user: User, manager: User | None) -> User:
    """Give `user` a new manager. A loop in the chain is refused with a clear error.

    Evidence belongs to the engineer, so nothing else moves: the new manager sees what
    the engineer shares with managers, history included, and the old one stops seeing it.
    """
    with transaction.atomic():
        # Lock the rows so two concurrent changes cannot build a loop between them.
        ids = [user.pk] + ([manager.pk] if manager else [])
        list(User.objects.select_for_update().filter(pk__in=ids))
        if manager_would_cycle(user, manager):
            raise ValidationError(
                {
                    "manager": f"{manager} reports to {user}, directly or indirectly; "
                    "a manager chain cannot loop."
                }
            )
        user.manager = manager
        user.save(update_fields=["manager"])
    return user


def mentor_assign(*, mentor: User, mentee: User, by: User | None) -> MentorAssignment:
    """Assign a mentor from outside the mentee's management chain."""
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": "Nobody can mentor themselves."})
    if mentor.pk in managers_above_ids(mentee.pk):
        raise ValidationError(
            {
                "mentor": f"{mentor} is in {mentee}'s management chain; "
                "a mentor must come from outside it."
            }
        )
    assignment, _ = MentorAssignment.objects.get_or_create(
        mentor=mentor, mentee=mentee, defaults={"created_by": by}
    )
    return assignment


def mentor_unassign(*, assignment: MentorAssignment) -> None:
    assignment.delete()
