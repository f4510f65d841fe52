"""The one home of "a person's open candidacy" and "their open or latest one": the
queryset, the prefetch the dashboards read and the case page's lookup agree."""

import datetime

from promo.candidacies.access import latest_candidacy_for
from promo.candidacies.queries import open_or_latest, open_or_latest_prefetch
from promo.candidacies.services import candidacy_record_outcome, candidacy_submit
from promo.models import Candidacy, User
from tests.factories import candidacy_for

DAY = datetime.timedelta(days=1)


def _every_lookup(person):
    prefetched = User.objects.prefetch_related(open_or_latest_prefetch()).get(pk=person.pk)
    return {
        Candidacy.objects.open_or_latest_for(person),
        open_or_latest(prefetched),
        latest_candidacy_for(person),
    }


def _closed_as_not_yet(candidacy, by):
    candidacy_submit(candidacy=candidacy, by=by, submitted_on=datetime.date(2026, 1, 5))
    candidacy_record_outcome(
        candidacy=candidacy,
        by=by,
        outcome=Candidacy.Status.NOT_YET,
        decided_on=datetime.date(2026, 2, 2),
        feedback="Show more.",
    )
    return candidacy


def test_someone_without_a_case_has_none(world):
    assert _every_lookup(world.owner) == {None}
    assert Candidacy.objects.open_for(world.owner) is None


def test_the_open_case_wins_over_a_newer_closed_one(world):
    closed = _closed_as_not_yet(candidacy_for(world.owner), world.manager)
    open_case = candidacy_for(world.owner)
    Candidacy.objects.filter(pk=open_case.pk).update(created_at=closed.created_at - DAY)
    assert _every_lookup(world.owner) == {open_case}
    assert Candidacy.objects.open_for(world.owner) == open_case


def test_without_an_open_case_the_newest_closed_one_is_shown(world):
    closed = _closed_as_not_yet(candidacy_for(world.owner), world.manager)
    assert closed.status == Candidacy.Status.NOT_YET
    assert _every_lookup(world.owner) == {closed}
    assert Candidacy.objects.open_for(world.owner) is None
