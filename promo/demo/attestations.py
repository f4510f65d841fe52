"""Demo confirmations from colleagues. Runs after the evidence and its check-ins (see
DEMO_SEEDERS); idempotent: one answer per colleague and artifact.

A criterion the ladder marks "needs confirmation" is shown only when other teams confirm
adopting the work, so the engineers who keep their evidence up (the consistent and steady
ones, the demo's honest Ready) get a confirmation from a colleague on another team on
their latest shared work for it, and one from a teammate, which shows as "confirmed by a
teammate" and counts for nothing. Answers are written as they stand, with no request
waiting: nobody is nudged to answer a demo.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from evidence.models import Artifact
from promo.demo.readiness import _habits
from promo.demo.steps import TEAMS, email_for
from promo.models import Attestation, User

CONFIRMING_HABITS = {"consistent", "steady"}
QUESTION = "Did your team adopt this?"
FROM_ELSEWHERE = "We moved our services onto it last quarter; it saved us a sprint of work."
FROM_A_TEAMMATE = "I pair on this with them; it is as good as it sounds."


def confirm_adoption(artifact, attester, *, statement=FROM_ELSEWHERE, adopted=True):
    """A confirmation by `attester`, answered three days after it was asked."""
    now = timezone.now()
    attestation, _ = Attestation.objects.get_or_create(
        artifact=artifact,
        attester=attester,
        defaults={
            "question": QUESTION,
            "status": Attestation.Status.CONFIRMED,
            "statement": statement,
            "adopted": adopted,
            "requested_at": now - timedelta(days=3),
            "answered_at": now,
        },
    )
    return attestation


def colleague_elsewhere(person):
    """The first engineer of the next demo team: someone outside the person's team and
    management chain."""
    names = list(TEAMS)
    team = next((name for name, (_, members) in TEAMS.items() if _named(person, members)), None)
    if team is None:
        return None
    _, members = TEAMS[names[(names.index(team) + 1) % len(names)]]
    return User.objects.filter(email=email_for(members[0])).first()


def _named(person, members):
    return person.email in {email_for(name) for name in members}


def _teammate(person):
    for _, members in TEAMS.values():
        if _named(person, members):
            others = [email_for(name) for name in members if email_for(name) != person.email]
            return User.objects.filter(email__in=others).order_by("email").first()
    return None


def _latest_shared_work(person):
    """Their latest work shared with managers, cited for a criterion needing confirmation."""
    return (
        Artifact.objects.filter(
            owner=person,
            visibility=Artifact.Visibility.MENTORS_AND_MANAGER,
            is_draft=False,
            deleted_at__isnull=True,
            tags__criterion__needs_confirmation=True,
        )
        .order_by("-happened_on", "-id")
        .first()
    )


@transaction.atomic
def seed_attestations():
    """Confirmations for the engineers who keep their evidence up (module docstring)."""
    confirmed = 0
    for email, habit in _habits().items():
        person = User.objects.filter(email=email).first()
        if habit not in CONFIRMING_HABITS or person is None:
            continue
        artifact = _latest_shared_work(person)
        elsewhere = colleague_elsewhere(person)
        if artifact is None or elsewhere is None:
            continue
        confirm_adoption(artifact, elsewhere)
        teammate = _teammate(person)
        if teammate is not None:
            confirm_adoption(artifact, teammate, statement=FROM_A_TEAMMATE, adopted=False)
        confirmed += 1
    return confirmed
