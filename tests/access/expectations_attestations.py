"""Attestations: the owner asks and cancels (readers of the artifact 403, everyone else
404); only the colleague asked ("other_engineer" here) reaches the answer page, and
nobody else, the owner included, is told it exists."""

from evidence.services import artifact_create
from promo.attestations.services import attestation_request
from tests.access.rules import Rule, signed_in

EVERYONE_405 = signed_in(405)


def an_artifact(world):
    return {"pk": artifact_create(owner=world.owner, data={"title": "Retry budgets"}).pk}


def a_request_to_other_engineer(world):
    artifact = artifact_create(owner=world.owner, data={"title": "Retry budgets"})
    [asked] = attestation_request(
        artifact=artifact,
        attesters=[world.other_engineer],
        question="Did it save your team time?",
        by=world.owner,
    )
    return {"pk": asked.pk}


def by_relation(owner, readers, outsiders=404):
    return signed_in(outsiders, owner=owner, mentor=readers, manager=readers, staff=readers)


ATTESTER_ONLY = signed_in(404, other_engineer=200)

RULES = {
    "attestation_request": Rule(
        get=by_relation(200, 403),
        post=by_relation(200, 403),
        kwargs=an_artifact,
        note="POST {} re-renders the owner's form with its errors",
    ),
    "attestation_cancel": Rule(
        get=EVERYONE_405, post=by_relation(302, 403), kwargs=a_request_to_other_engineer
    ),
    "attestation_answer": Rule(
        get=ATTESTER_ONLY,
        post=ATTESTER_ONLY,
        kwargs=a_request_to_other_engineer,
        note="POST {} re-renders the colleague's form with its errors",
    ),
    "attestation_withdraw": Rule(
        get=EVERYONE_405,
        post=signed_in(404, other_engineer=302),
        kwargs=a_request_to_other_engineer,
        note="nothing answered yet: a message, and back to the answer page",
    ),
}
