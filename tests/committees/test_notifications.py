from django.urls import reverse

from promo.models import NudgeClaim
from promo.nudges.kinds.decision_released import may_deliver
from promo.org.services import user_set_manager
from tests.committees.helpers import a_cycle, decide_not_yet, in_review, nominate, release
from tests.nudges.kinds import delivered


def test_release_tells_the_candidate_and_their_manager_once(world):
    cycle = a_cycle(world.staff, members=[world.committee_member])
    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    decide_not_yet(nomination, world.committee_member)
    release(cycle, world.staff)
    claims = {c.person_id: c for c in NudgeClaim.objects.filter(kind="decision_released")}
    email, notification = delivered(claims[world.owner.pk])
    assert "Your Spring cycle decision is out" in email.subject
    assert "Not yet" in email.body
    assert notification.url.endswith(reverse("candidacy_detail", args=[nomination.candidacy_id]))
    email, _ = delivered(claims[world.manager.pk])
    assert f"decision on {world.owner} is out" in email.subject


def test_a_manager_moved_away_is_not_told(world):
    cycle = a_cycle(world.staff, members=[world.committee_member])
    nomination = nominate(cycle, world.owner, by=world.manager)
    in_review(cycle, world.staff)
    decide_not_yet(nomination, world.committee_member)
    release(cycle, world.staff)
    claim = NudgeClaim.objects.get(kind="decision_released", person=world.manager)
    user_set_manager(user=world.owner, manager=world.other_manager, by=world.staff)
    assert not may_deliver(claim)
