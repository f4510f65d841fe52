"""Demo candidacies in every state, built through the services. Idempotent: a person who
already has a candidacy is left alone (apart from keeping a promotion's level)."""

import datetime

from django.db import transaction
from django.utils import timezone

from promo.candidacies.services import (
    candidacy_open,
    candidacy_record_outcome,
    candidacy_resubmit,
    candidacy_submit,
    gap_add,
    gap_close,
)
from promo.demo.steps import email_for
from promo.models import Candidacy, Criterion, User

NOT_YET_FEEDBACK = (
    "Strong delivery, but the committee wants to see influence beyond the team: a design "
    "other teams adopted, and a written view of where the system should go next."
)
# (criterion slug, gap text, closing note or None)
GAPS_FROM_FEEDBACK = [
    ("leverage", "Lead a design review that a neighbouring team adopts.", None),
    (
        "vision",
        "Write a two-year vision for the payments ledger.",
        "Published the ledger vision doc; two teams reference it in planning.",
    ),
]


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _person(name):
    return User.objects.select_related("ladder", "level", "manager").get(email=email_for(name))


def _not_yet_with_gaps(candidacy, manager, *, submitted_days_ago):
    candidacy_submit(candidacy=candidacy, by=manager, submitted_on=_days(-submitted_days_ago))
    submission = candidacy_record_outcome(
        candidacy=candidacy,
        by=manager,
        outcome="not_yet",
        feedback=NOT_YET_FEEDBACK,
        decided_on=_days(-submitted_days_ago + 21),
    )
    criteria = {c.slug: c for c in Criterion.objects.filter(ladder_id=candidacy.ladder_id)}
    for slug, text, closing_note in GAPS_FROM_FEEDBACK:
        gap = gap_add(
            candidacy=candidacy,
            by=candidacy.person,
            criterion=criteria[slug],
            text=text,
            submission=submission,
        )
        if closing_note:
            gap_close(gap=gap, by=candidacy.person, note=closing_note)
    return submission


def _preparing(person):
    return candidacy_open(person=person, by=person, target_date=_days(120))


def _submitted(person):
    candidacy = candidacy_open(person=person, by=person.manager, target_date=_days(10))
    candidacy_submit(candidacy=candidacy, by=person.manager, submitted_on=_days(-5))


def _promoted(person):
    candidacy = candidacy_open(person=person, by=person.manager)
    candidacy_submit(candidacy=candidacy, by=person.manager, submitted_on=_days(-90))
    candidacy_record_outcome(
        candidacy=candidacy,
        by=person.manager,
        outcome="promoted",
        feedback="A clear case: measured impact in three of the last four quarters.",
        decided_on=_days(-70),
    )


def _not_yet(person):
    candidacy = candidacy_open(person=person, by=person, target_date=_days(-30))
    _not_yet_with_gaps(candidacy, person.manager, submitted_days_ago=60)


def _not_yet_preparing_again(person):
    candidacy = candidacy_open(person=person, by=person, target_date=_days(-60))
    _not_yet_with_gaps(candidacy, person.manager, submitted_days_ago=100)
    candidacy_resubmit(candidacy=candidacy, by=person)
    candidacy.target_date = _days(60)
    candidacy.save(update_fields=["target_date"])


def _not_yet_then_resubmitted(person):
    _not_yet_preparing_again(person)
    candidacy = Candidacy.objects.get(person=person, status=Candidacy.Status.PREPARING)
    candidacy_submit(candidacy=candidacy, by=person.manager, submitted_on=_days(-3))


SCENARIOS = {
    "Liam Chen": _not_yet_preparing_again,
    "Sofia Rossi": _not_yet_then_resubmitted,
    "Noah Williams": _preparing,
    "Ava Patel": _submitted,
    "Ethan Kim": _promoted,
    "Zara Ahmed": _not_yet,
    "Isla Murphy": _preparing,
    "Jonas Berg": _submitted,
}


@transaction.atomic
def seed_candidacies():
    """Candidacies in every state, one denied ("not yet") then resubmitted."""
    for name, build in SCENARIOS.items():
        person = _person(name)
        promoted = person.candidacies.filter(status=Candidacy.Status.PROMOTED).first()
        if promoted is not None:
            # seed_org resets levels; a promotion keeps the level it gave.
            User.objects.filter(pk=person.pk).update(level=promoted.target_level_id)
        if not person.candidacies.exists():
            build(person)
