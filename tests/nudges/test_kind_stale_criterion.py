from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from promo.models import Criterion, NudgeThreshold
from promo.nudges.kinds.stale_criterion import KEY
from promo.readiness.calendar import local_today
from tests.nudges.kinds import any_hour, claims, delivered, on_vacation, plan, unsubscribe
from tests.promo.readiness.helpers import artifact, candidacy

pytestmark = pytest.mark.django_db


def last_wednesday_noon():
    """The latest Wednesday noon in London, not after now: "an hour later" stays in the
    same local ISO week whatever day and hour the suite runs at."""
    local = timezone.now().astimezone(ZoneInfo("Europe/London"))
    noon = datetime.combine(local.date(), datetime.min.time(), local.tzinfo).replace(hour=12)
    noon -= timedelta(days=(local.weekday() - 2) % 7)
    return noon if noon <= local else noon - timedelta(weeks=1)


@pytest.fixture
def case(world):
    """The owner's candidacy, opened 10 weeks ago, with fresh evidence on every target
    criterion but the last; that one's evidence is 6 weeks old."""
    any_hour(KEY)
    now = last_wednesday_noon()
    opened = candidacy(world.owner)
    opened.created_at = now - timedelta(weeks=10)
    opened.save(update_fields=["created_at"])
    targets = list(Criterion.objects.filter(expectations__level=opened.target_level))
    fresh = artifact(world.owner, now.date(), tags={c.slug: "strong" for c in targets[:-1]})
    old = artifact(world.owner, now.date(), tags={targets[-1].slug: "strong"})
    old.tags.update(created_at=now - timedelta(weeks=6))
    return {"now": now, "candidacy": opened, "quiet": targets[-1], "fresh": fresh, "old": old}


def test_it_nudges_once_a_week_when_a_target_criterion_has_gone_quiet(world, case):
    assert plan(KEY, case["now"]) == 1
    assert plan(KEY, case["now"] + timedelta(hours=1)) == 0
    [claim] = claims(KEY)
    assert claim.person == world.owner and claim.period.startswith(str(case["now"].year))


def test_no_nudge_when_every_criterion_has_new_evidence(world, case):
    artifact(world.owner, case["now"].date(), tags={case["quiet"].slug: "signal"})
    assert plan(KEY, case["now"]) == 0


def test_drafts_and_trashed_evidence_are_not_new_evidence(world, case):
    artifact(world.owner, case["now"].date(), tags={case["quiet"].slug: "strong"}, is_draft=True)
    artifact(
        world.owner, case["now"].date(), tags={case["quiet"].slug: "strong"}, deleted_at=case["now"]
    )
    assert plan(KEY, case["now"]) == 1


def test_no_nudge_without_an_open_candidacy_or_for_a_young_one(world, case):
    case["candidacy"].created_at = case["now"] - timedelta(weeks=2)
    case["candidacy"].save(update_fields=["created_at"])
    assert plan(KEY, case["now"]) == 0
    case["candidacy"].created_at = case["now"] - timedelta(weeks=10)
    case["candidacy"].status = "promoted"
    case["candidacy"].save(update_fields=["created_at", "status"])
    assert plan(KEY, case["now"]) == 0


def test_staff_can_lengthen_the_number_of_weeks(world, case):
    NudgeThreshold.objects.create(key=f"{KEY}.weeks", value=8)
    assert plan(KEY, case["now"]) == 0


def test_it_waits_for_the_earliest_local_hour(world, case):
    NudgeThreshold.objects.filter(key=f"{KEY}.local_hour").update(value=23)
    at_noon = case["now"].astimezone(world.owner.zone).replace(hour=12)
    assert plan(KEY, at_noon) == 0


def test_unsubscribed_or_on_vacation_means_no_nudge(world, case):
    on_vacation(world.owner, local_today(case["now"], world.owner.zone))
    assert plan(KEY, case["now"]) == 0
    world.owner.nudge_settings.delete()
    unsubscribe(world.owner, KEY, case["now"])
    assert plan(KEY, case["now"]) == 0


def test_the_nudge_names_the_quiet_criteria_and_links_to_readiness(world, case):
    plan(KEY, case["now"])
    email, notification = delivered(claims(KEY)[0])
    assert case["quiet"].name in email.body and "4 weeks" in email.body
    assert notification.url == reverse("readiness")
    html = email.alternatives[0][0]
    assert f"<li>{case['quiet'].name}</li>" in html
