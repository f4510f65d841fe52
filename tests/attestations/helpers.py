from evidence.services import artifact_create
from promo.attestations.services import attestation_request

QUESTION = "Did the retry-budget library save your team time?"


def an_artifact(world, **data):
    data.setdefault("title", "Retry-budget library")
    data.setdefault("impact", "Three teams stopped hand-rolling retries.")
    return artifact_create(owner=world.owner, data=data)


def ask(artifact, *people, question=QUESTION):
    """The owner asks `people` to confirm `artifact`; the new requests, in order."""
    return attestation_request(
        artifact=artifact, attesters=list(people), question=question, by=artifact.owner
    )
