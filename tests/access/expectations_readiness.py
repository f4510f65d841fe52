from datetime import date

from tests.access.rules import Rule, get_only, signed_in


def a_person(world):
    return {"pk": world.owner.pk}


def a_due_checkin(world):
    from evidence.models import Artifact
    from promo.readiness.checkins.services import checkins_plan_for

    shipped = date(2025, 1, 6)
    artifact = Artifact.objects.create(
        owner=world.owner, title="Shipped work", happened_on=shipped, shipped_on=shipped
    )
    checkins_plan_for(artifact)
    return {"pk": artifact.checkins.order_by("offset_days").first().pk}


# Someone's readiness: themself, their managers, their assigned mentors and staff.
PERSON = signed_in(404, owner=200, mentor=200, manager=200, staff=200)
# Recording a check-in is the owner's; those who may see the work get 403.
CHECKIN = signed_in(404, owner=200, mentor=403, manager=403, staff=403)

RULES = {
    "readiness": get_only(signed_in(200)),
    "person_readiness": Rule(
        get=PERSON, post=signed_in(405), kwargs=a_person, note="GET only, checked first"
    ),
    "readiness_rule": get_only(signed_in(200)),
    "checkins_due": Rule(
        get=signed_in(200), post=signed_in(302), note="an empty save changes nothing: back to it"
    ),
    "checkin_record": Rule(
        get=CHECKIN, post=CHECKIN, kwargs=a_due_checkin, note="POST re-renders errors"
    ),
}
