"""Reads for pulses: whom one may ask, the pulse standing for a person, and its aggregate.

`pulse_summary_for(person)` is what any page (the readiness page, a committee packet)
shows: counts and unattributed sentences, never who gave them.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from promo.candidacies.targets import target_level_for
from promo.models import MentorAssignment, Pulse, PulseRecipient, User
from promo.org.tree import managers_above_ids, people_below_ids
from promo.pulses.models import SHOWN_FROM
from promo.web.prepared import prepared_cursor


def chain_ids(person):
    """The person and everyone in their management chain, above and below them."""
    return {person.pk, *managers_above_ids(person.pk), *people_below_ids(person.pk)}


def senior_colleagues_for(person, level):
    """Who may be asked whether `person` operates at `level`: active people outside the
    person's management chain who stand at or above `level` on its ladder, or who mentor
    someone (principal engineers, whatever their ladder)."""
    mentors = MentorAssignment.objects.filter(mentor_id=OuterRef("pk"))
    at_or_above = Q(level__ladder_id=level.ladder_id, level__position__gte=level.position)
    return (
        User.objects.filter(is_active=True)
        .exclude(pk__in=chain_ids(person))
        .filter(at_or_above | Q(Exists(mentors)))
        .select_related("team", "level")
        .order_by("display_name", "email")
    )


def level_to_ask_about(person):
    """The level a pulse asks about: the person's target (their open case's, else the
    next one up). None on no ladder or at the top."""
    return target_level_for(person)


def open_pulse_for(person, *, now=None):
    """The person's pulse still open now, or None (a pulse past its two weeks is closed,
    whether or not the beat job has written it yet)."""
    now = now or timezone.now()
    pulse = (
        Pulse.objects.select_related("level", "person")
        .filter(person_id=person.pk, status=Pulse.Status.OPEN)
        .first()
    )
    return pulse if pulse is not None and pulse.is_open_at(now) else None


@dataclass(frozen=True)
class PulseSummary:
    """What may be shown of one pulse. `counts` and `sentences` are empty until SHOWN_FROM
    colleagues answered; sentences are sorted alphabetically, so their order says nothing
    about who answered or when."""

    pulse: Pulse
    is_open: bool
    asked: int
    answered: int
    counts: tuple = ()  # (label, number) for each answer, in the question's order
    sentences: tuple = ()

    @property
    def shown(self):
        return self.answered >= SHOWN_FROM

    @property
    def still_needed(self):
        return max(SHOWN_FROM - self.answered, 0)


def _standing_pulse_id(person):
    """The id of the person's open or latest closed pulse, or None. Plain SQL: most people
    have no pulse, and compiling the ORM's query cost ten times running it, on every
    readiness page."""
    sql = (
        f"SELECT id FROM {Pulse._meta.db_table} WHERE person_id = %s AND status <> %s "  # noqa: S608 - table name from the model
        "ORDER BY created_at DESC, id DESC LIMIT 1"
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, [person.pk, Pulse.Status.WITHDRAWN])
        row = cursor.fetchone()
    return row[0] if row else None


def pulse_summary_for(person, *, now=None):
    """The pulse to show for `person`: the open one, else the latest closed one (a
    withdrawn pulse shows nowhere), with its aggregate. None when there is neither.
    One query when there is none; three when there is: its id, the pulse, and its
    answers without the people who gave them."""
    now = now or timezone.now()
    pulse_id = _standing_pulse_id(person)
    if pulse_id is None:
        return None
    pulse = Pulse.objects.select_related("level", "person").get(pk=pulse_id)
    return summarise(pulse, now=now)


def summarise(pulse, *, now=None):
    rows = list(PulseRecipient.objects.filter(pulse_id=pulse.pk).values_list("answer", "sentence"))
    answers = [(answer, sentence) for answer, sentence in rows if answer]
    summary = PulseSummary(
        pulse=pulse, is_open=pulse.is_open_at(now), asked=len(rows), answered=len(answers)
    )
    if not summary.shown:
        return summary
    counts = tuple(
        (label, sum(1 for answer, _ in answers if answer == value))
        for value, label in PulseRecipient.Answer.choices
    )
    sentences = tuple(sorted(sentence for _, sentence in answers if sentence))
    return PulseSummary(**{**summary.__dict__, "counts": counts, "sentences": sentences})
