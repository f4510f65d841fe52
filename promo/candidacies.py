"""Reads about candidacies that other parts of promo build on."""

from promo.models import Candidacy


def open_candidacy_for(person):
    """The person's candidacy that is preparing or submitted, or None. There is at most one."""
    if person is None or person.pk is None:
        return None
    return (
        Candidacy.objects.select_related("ladder", "from_level", "target_level", "manager")
        .filter(person_id=person.pk, status__in=Candidacy.OPEN_STATUSES)
        .first()
    )
