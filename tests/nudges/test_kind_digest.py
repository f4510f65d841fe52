from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from promo.models import Criterion, ImpactCheckIn
from promo.nudges.kinds.digest import KEY, digest_for
from tests.nudges.kinds import claims, delivered, on_vacation, plan, unsubscribe
from tests.promo.readiness.helpers import artifact

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 30, tzinfo=UTC)
NOW = datetime(2026, 3, 15, 12, tzinfo=UTC)  # readiness: quarters Q2 2025 … Q1 2026


def managers_claimed():
    return {claim.person.email for claim in claims(KEY)}


def test_managers_with_active_reports_get_one_digest_a_week(world):
    assert plan(KEY, MONDAY.replace(hour=8)) == 0  # default: Monday from 09:00 local
    assert plan(KEY, MONDAY.replace(hour=10)) == 3
    assert managers_claimed() == {world.director.email, world.manager.email, "otto@example.com"}
    assert plan(KEY, MONDAY.replace(hour=11)) == 0
    assert plan(KEY, MONDAY + timedelta(days=1, hours=10)) == 0


def test_no_digest_without_active_reports(world):
    world.other_engineer.is_active = False
    world.other_engineer.save(update_fields=["is_active"])
    plan(KEY, MONDAY.replace(hour=10))
    assert world.other_manager.email not in managers_claimed()
    assert world.owner.email not in managers_claimed()  # no reports at all


def test_a_missed_monday_is_caught_up_later_in_the_week(world):
    assert plan(KEY, MONDAY + timedelta(days=2, hours=10)) == 3


def test_quiet_period_and_unsubscribe_are_honoured(world):
    on_vacation(world.manager, MONDAY.date())
    unsubscribe(world.director, KEY, MONDAY)
    plan(KEY, MONDAY.replace(hour=10))
    assert managers_claimed() == {"otto@example.com"}


def test_it_lists_a_criterion_that_went_stale_this_week(world):
    artifact(world.owner, NOW.date() - timedelta(days=30), tags={"vision": "strong"})
    artifact(world.owner, NOW.date() - timedelta(days=60), tags={"scope": "strong"})
    [report] = digest_for(world.manager, now=NOW)
    assert report.person == world.owner
    assert report.went_untended == [
        Criterion.objects.get(ladder=world.owner.ladder, slug="vision").name
    ]
    assert not report.became_ready


def test_it_says_who_became_ready_this_week_and_not_the_week_after(world):
    ladder = world.owner.ladder
    ladder.needs_matured_impact = False
    ladder.save(update_fields=["needs_matured_impact"])
    ladder.criteria.update(needs_confirmation=False)  # other teams' confirmations: not here
    every = {c.slug: "strong" for c in ladder.criteria.all()}
    for day in (date(2025, 8, 5), date(2025, 11, 5), date(2026, 3, 12)):
        artifact(world.owner, day, tags=every)
    assert digest_for(world.manager, now=NOW)[0].became_ready
    assert not digest_for(world.manager, now=NOW + timedelta(days=7))[0].became_ready


def test_overdue_check_ins_are_listed_only_for_evidence_the_manager_may_see(world):
    shared = artifact(world.owner, NOW.date(), title="Shared launch")
    private = artifact(world.owner, NOW.date(), title="Private launch", visibility="private")
    for item in (shared, private):
        ImpactCheckIn.objects.create(
            artifact=item, offset_days=30, planned_from=date(2026, 2, 1), due_on=date(2026, 3, 3)
        )
    [report] = digest_for(world.manager, now=NOW)
    assert [c.artifact.title for c in report.overdue_checkins] == ["Shared launch"]


def test_the_digest_email_says_what_happened_and_links_to_the_team(world):
    today = timezone.localdate()
    item = artifact(world.owner, today, title="Shared launch")
    ImpactCheckIn.objects.create(
        artifact=item, offset_days=30, planned_from=today, due_on=today - timedelta(days=2)
    )
    now = timezone.now()
    last_monday = (now - timedelta(days=now.weekday())).replace(hour=10, minute=0)
    if last_monday > now:
        last_monday -= timedelta(weeks=1)
    plan(KEY, last_monday)  # delivered now, so planned in the past
    claim = next(c for c in claims(KEY) if c.person == world.manager)
    email, notification = delivered(claim)
    assert "Olive Owner:" in email.body
    assert 'impact check-in overdue: "Shared launch"' in email.body
    assert notification.url == reverse("team")
    quiet = next(c for c in claims(KEY) if c.person == world.director)
    email, _ = delivered(quiet)
    assert "Nothing new this week across your 4 reports" in email.body
