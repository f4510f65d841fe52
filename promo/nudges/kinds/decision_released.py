"""Decision released: the candidate and their manager, when staff release the promotion
cycle that decided the case.

Event-driven: promo.committees.release.cycle_release claims it (planner.claim_event) in
the same transaction as the release. The period is the nomination, so releasing cannot
tell anyone twice. Delivery checks again that the recipient is still the candidate or
their manager now.
"""

from django.urls import reverse

from promo.models import Candidacy, Cycle, Nomination, User
from promo.nudges.kinds import Due, Message, NudgeKind

KEY = "decision_released"
RELEASED = (Cycle.Status.RELEASED, Cycle.Status.CLOSED)


def claim_sql(planning, *, nomination_id):
    """The candidate and their manager now, once the nomination's cycle is released."""
    joins = f"""
        CROSS JOIN {Nomination._meta.db_table} n
        JOIN {Cycle._meta.db_table} cy ON cy.id = n.cycle_id
        JOIN {Candidacy._meta.db_table} ca ON ca.id = n.candidacy_id
        JOIN {User._meta.db_table} pe ON pe.id = ca.person_id
    """  # noqa: S608 - names come from model _meta
    return Due(
        where="n.id = %s AND cy.status IN (%s, %s) AND (u.id = pe.id OR u.id = pe.manager_id)",
        params=[nomination_id, *RELEASED],
        period="CAST(n.id AS VARCHAR(30))",
        joins=joins,
    )


def nomination_of(claim):
    """The released nomination a claim is about, if the recipient is still the candidate
    or their manager."""
    if not claim.period.isdigit():
        return None
    nomination = (
        Nomination.objects.select_related("cycle", "candidacy__person")
        .filter(pk=int(claim.period), cycle__status__in=RELEASED)
        .first()
    )
    if nomination is None:
        return None
    person = nomination.candidacy.person
    return nomination if claim.person_id in (person.pk, person.manager_id) else None


def may_deliver(claim):
    return nomination_of(claim) is not None


def message(claim):
    nomination = nomination_of(claim)
    if nomination is None:
        return Message(
            title="A promotion decision was released",
            path=reverse("notifications"),
            template="nudges/decision_released",
        )
    person = nomination.candidacy.person
    own = claim.person_id == person.pk
    return Message(
        title=f"Your {nomination.cycle} decision is out"
        if own
        else f"The {nomination.cycle} decision on {person} is out",
        path=reverse("candidacy_detail", args=[nomination.candidacy_id]),
        template="nudges/decision_released",
        context={"nomination": nomination, "person": person, "own": own},
    )


DECISION_RELEASED = NudgeKind(
    key=KEY,
    label="Promotion decision",
    description="When a promotion cycle releases the decision on your case or a report's.",
    claim_sql=claim_sql,
    message=message,
    scheduled=False,
    may_deliver=may_deliver,
)
