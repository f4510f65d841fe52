"""The API's rows of the access matrix (tests/access/test_api_matrix.py).

Each URL name maps each HTTP method to an ApiRule: the scope the operation needs, the
body it is sent (valid, so only access decides the answer), and, per persona, the status a
valid token with every scope its owner may hold gets. The other token states get the same
answer everywhere: no token, an expired one or a revoked one 401; one without the scope 403.
"""

from dataclasses import dataclass

from evidence.services import artifact_create, artifact_trash
from tests.access.rules import LOGIN, PERSONAS

SIGNED_IN = PERSONAS[1:]
READERS = ("mentor", "manager", "staff")  # of the owner's shared evidence


def for_people(default, **overrides):
    table = dict.fromkeys(SIGNED_IN, default)
    table.update(overrides)
    return table


def by_relation(owner, readers, outsiders=404):
    return for_people(outsiders, owner=owner, **dict.fromkeys(READERS, readers))


@dataclass
class ApiRule:
    scope: str | None  # None: a page or the schema, answered the same with or without a
    # token; "any": a token with any scope
    valid: dict  # persona -> status with a valid token holding the scope, or a session
    anonymous: object = 401  # with neither a token nor a session
    body: object = None  # callable(world, kwargs) -> JSON body, or None
    session: dict = None  # persona -> status with a session, when not `valid`
    note: str = ""


def an_artifact(world):
    return {"pk": artifact_create(owner=world.owner, data={"title": "Checkout"}).pk}


def a_trashed_artifact(world):
    artifact = artifact_create(owner=world.owner, data={"title": "Old"})
    artifact_trash(artifact=artifact, by=world.owner)
    return {"pk": artifact.pk}


def a_tag(world):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    criterion = world.owner.ladder.criteria.order_by("position").first()
    artifact.tags.create(criterion=criterion, strength="strong")
    return {"pk": artifact.pk, "criterion": criterion.slug}


def version_one(world, kwargs):
    return {"version": 1, "title": "Checkout, rewritten"}


def a_title(world, kwargs):
    return {"title": "Fixed the flaky deploy"}


def a_rating(world, kwargs):
    return {"strength": "exemplary", "rationale": "Led it end to end"}


def a_due_checkin(world):
    from tests.access.expectations_readiness import a_due_checkin as make

    return make(world)


def an_outcome(world, kwargs):
    return {"version": 1, "outcome": "p99 fell from 900 ms to 300 ms and stayed there"}


def owners_notification(world):
    from tests.access.expectations_nudges import owners_notification as make

    return make(world)


def a_document(world):
    from tests.access.expectations_reviews import a_document as make

    return make(world)


def a_version(world):
    from tests.access.expectations_reviews import a_version as make

    return make(world)


# Managers and staff may hold team:read; anyone may open My team with a session (it is
# empty for someone with nobody below them).
TEAM_READERS = for_people(403, manager=200, other_manager=200, staff=200)
DOC_MEMBERS = for_people(404, owner=200, mentor=200)

# url name -> (kwargs maker or None, {method: ApiRule})
API_RULES = {
    "api-root": (None, {"GET": ApiRule(None, for_people(404), 404, note="nothing at the root")}),
    "openapi-json": (None, {"GET": ApiRule(None, for_people(200), 200, note="no secret")}),
    "openapi-view": (None, {"GET": ApiRule(None, for_people(200), LOGIN, note="a page")}),
    "evidence": (
        None,
        {
            "GET": ApiRule("evidence:read", for_people(200), note="each person's own list"),
            "POST": ApiRule("evidence:write", for_people(201), body=a_title),
        },
    ),
    "artifact": (
        an_artifact,
        {
            "GET": ApiRule("evidence:read", by_relation(200, 200)),
            "PATCH": ApiRule("evidence:write", by_relation(200, 403), body=version_one),
            "DELETE": ApiRule("evidence:write", by_relation(204, 403)),
        },
    ),
    "artifact_restore": (
        a_trashed_artifact,
        {
            "POST": ApiRule(
                "evidence:write",
                for_people(404, owner=200),
                note="nobody else learns what is in someone's trash",
            )
        },
    ),
    "artifact_tags": (an_artifact, {"GET": ApiRule("evidence:read", by_relation(200, 200))}),
    "artifact_tag": (
        a_tag,
        {
            "PUT": ApiRule("evidence:write", by_relation(200, 403), body=a_rating),
            "DELETE": ApiRule("evidence:write", by_relation(204, 403)),
        },
    ),
    "me": (None, {"GET": ApiRule("any", for_people(200), note="any valid token")}),
    "ladder": (None, {"GET": ApiRule("evidence:read", for_people(200))}),
    "readiness": (None, {"GET": ApiRule("readiness:read", for_people(200), note="one's own")}),
    "checkins": (None, {"GET": ApiRule("readiness:read", for_people(200), note="one's own")}),
    "checkin": (
        a_due_checkin,
        {"POST": ApiRule("evidence:write", by_relation(200, 403), body=an_outcome)},
    ),
    "notifications": (None, {"GET": ApiRule("readiness:read", for_people(200))}),
    "notifications_read_all": (None, {"POST": ApiRule("readiness:read", for_people(200))}),
    "notification_read": (
        owners_notification,
        {"POST": ApiRule("readiness:read", for_people(404, owner=200))},
    ),
    "docs": (None, {"GET": ApiRule("reviews:read", for_people(200), note="shared with me")}),
    "doc": (a_document, {"GET": ApiRule("reviews:read", DOC_MEMBERS, note="a round's members")}),
    "doc_version": (a_version, {"GET": ApiRule("reviews:read", DOC_MEMBERS)}),
    "team": (
        None,
        {"GET": ApiRule("team:read", TEAM_READERS, session=for_people(200), note="see above")},
    ),
}
