"""The home page: the two or three things each persona should do now, with counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evidence.access import artifacts_visible_to
from promo.dashboards.models import ReadinessSnapshot, ReadinessStatus
from promo.home import mentor_names_of, next_steps_for, own_for
from promo.models import ImpactCheckIn, User
from promo.readiness.checkins.queries import still_open_before
from promo.readiness.checkins.services import checkins_plan_for
from reviews import services as reviews
from tests.factories import engineer
from tests.promo.readiness.helpers import artifact
from tests.reviews.factories import candidacy_for, shared_round


def due_checkins(owner, count, *, days_ago=3):
    for index in range(count):
        on = timezone.localdate() - timedelta(days=30 + days_ago)
        checkins_plan_for(artifact(owner, on, shipped_on=on, title=f"Shipped {index}"))


def test_an_engineer_is_asked_for_this_weeks_win_and_the_checkins_due(client, world):
    due_checkins(world.owner, 2)
    client.force_login(world.owner)
    page = client.get(reverse("home")).content.decode()
    assert "To do now" in page
    assert f'href="{reverse("checkins_due")}"' in page and "Answer the check-ins due" in page
    assert '<span class="next-step-count">2</span>' in page
    assert f'href="{reverse("quick_capture")}"' in page and "Log this week&#x27;s win" in page


def test_a_win_logged_this_week_takes_that_step_away(world):
    artifact(world.owner, timezone.localdate())
    labels = [step.label for step in next_steps_for(world.owner)]
    assert "Log this week's win" not in labels


def test_a_mentor_is_sent_to_the_draft_waiting_for_them(client, world):
    review_round = shared_round(world)
    client.force_login(world.mentor)
    page = client.get(reverse("home")).content.decode()
    assert "Review Olive Owner&#x27;s draft" in page
    assert f'href="{reverse("reviews_round", args=[review_round.pk])}"' in page


def test_a_manager_sees_the_reports_ready_or_close(client, world):
    ReadinessSnapshot.objects.create(person=world.owner, status=ReadinessStatus.CLOSE)
    [step] = [s for s in next_steps_for(world.manager) if "close" in s.label]
    assert step.count == 1 and step.url == f"{reverse('team')}?status=close"
    ReadinessSnapshot.objects.filter(person=world.owner).update(status=ReadinessStatus.READY)
    [step] = [s for s in next_steps_for(world.manager) if "ready" in s.label]
    assert step.label == "Report ready for a case" and step.url.endswith("?status=ready")


def test_nobody_gets_more_than_three_steps_and_staff_may_get_none(client, world):
    shared_round(world, include_manager=True)
    due_checkins(world.manager, 1)
    ReadinessSnapshot.objects.create(person=world.owner, status=ReadinessStatus.CLOSE)
    assert len(next_steps_for(world.manager)) == 3
    client.force_login(world.staff)
    assert "Nothing is waiting on you right now." in client.get(reverse("home")).content.decode()


def another_report_in_review(world, index):
    """A new report of the manager, mentored by the mentor, whose draft waits for both."""
    person = engineer("L5", display_name=f"Report {index}", manager=world.manager)
    candidacy = candidacy_for(person, mentors=[world.mentor])
    document = reviews.document_autodraft(candidacy=candidacy, by=person)
    reviews.document_share_for_review(
        document=document, reviewers=[world.mentor], include_manager=True, by=person
    )
    ReadinessSnapshot.objects.create(person=person, status=ReadinessStatus.CLOSE)


# The owner manages and mentors nobody: no draft or reports step, no mentee or report
# list. The org card's team, level, ladder and manager, the check-in counts and this
# week's wins come in one read; the mentors' names in another.
PINNED = {"owner": 5, "mentor": 7, "manager": 8}


@pytest.mark.parametrize("persona", ["owner", "mentor", "manager"])
def test_the_home_page_holds_its_query_count(client, world, persona):
    person = getattr(world, persona)
    client.force_login(person)
    url = reverse("home")
    client.get(url)  # warm the session
    counts = []
    for count in (1, 12):
        due_checkins(world.owner, count)
        due_checkins(world.manager, count)
        for index in range(count):
            another_report_in_review(world, f"{count}-{index}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # Pinned: session, user, the layout's context, one query per step, the org card.
    assert counts == [PINNED[persona]] * 2, counts


def test_the_plain_sql_counts_agree_with_the_querysets_they_mirror(world):
    today = timezone.localdate()
    due_checkins(world.owner, 3)
    due_checkins(world.owner, 2, days_ago=200)  # still open from earlier
    first, second, third, *_ = ImpactCheckIn.objects.due_for(world.owner, today)
    first.snoozed_until = today + timedelta(days=2)
    first.save(update_fields=["snoozed_until"])
    second.unmeasurable_at = timezone.now()
    second.unmeasurable_reason = "The service was retired"
    second.save(update_fields=["unmeasurable_at", "unmeasurable_reason"])
    third.artifact.deleted_at = timezone.now()
    third.artifact.save(update_fields=["deleted_at"])
    artifact(world.owner, today, is_draft=True)
    artifact(world.owner, today - timedelta(days=8))  # last week
    due = ImpactCheckIn.objects.due_for(world.owner, today)
    monday = today - timedelta(days=today.weekday())
    wins = artifacts_visible_to(world.owner, world.owner).filter(
        happened_on__gte=monday, happened_on__lte=today
    )
    own = own_for(world.owner, today)
    assert own.checkins_due == due.count() > 0
    assert own.checkins_old == due.filter(due_on__lt=still_open_before(today)).count() > 0
    assert own.wins_this_week == wins.count() > 0
    owner = world.owner
    assert (own.team, own.level, own.manager) == (
        owner.team.name,
        str(owner.level),
        str(owner.manager),
    )
    assert own.ladder == owner.ladder.name


def test_the_mentor_names_are_those_the_orm_lists(world):
    assert (
        mentor_names_of(world.owner)
        == [str(mentor) for mentor in User.objects.filter(mentee_links__mentee=world.owner)]
        != []
    )
