from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promo.models import NudgeClaim, NudgePreference, NudgeSettings, NudgeThreshold
from promo.nudges import planner
from tests.factories import UserFactory, engineer
from tests.nudges.helpers import FRIDAY_4PM_UTC, due_engineer, log_a_win

pytestmark = pytest.mark.django_db


def claimed(kind="log_wins"):
    return set(NudgeClaim.objects.filter(kind=kind).values_list("person__email", flat=True))


def test_it_claims_an_engineer_with_no_evidence_this_week_once():
    person = engineer("L5", time_zone="Europe/London")  # defaults: Friday, 15:00
    assert planner.plan(now=FRIDAY_4PM_UTC)["log_wins"] == 1
    assert planner.plan(now=FRIDAY_4PM_UTC + timedelta(hours=1))["log_wins"] == 0
    claim = NudgeClaim.objects.get()
    assert (claim.person, claim.period, claim.status) == (person, "2026-W48", "pending")


def test_it_waits_for_the_day_and_hour_in_the_persons_time_zone():
    london = engineer("L5", email="london@example.com", time_zone="Europe/London")
    new_york = engineer("L5", email="ny@example.com", time_zone="America/New_York")
    tokyo = engineer("L5", email="tokyo@example.com", time_zone="Asia/Tokyo")
    NudgeSettings.objects.create(person=tokyo, log_wins_weekday=5, log_wins_hour=1)
    planner.plan(now=FRIDAY_4PM_UTC)  # London 16:00 Fri; New York 11:00; Tokyo 01:00 Sat
    assert claimed() == {london.email, tokyo.email}
    planner.plan(now=FRIDAY_4PM_UTC + timedelta(hours=4))  # New York 15:00
    assert claimed() == {london.email, new_york.email, tokyo.email}


def test_the_period_is_the_local_iso_week():
    tokyo = engineer("L5", time_zone="Asia/Tokyo")
    NudgeSettings.objects.create(person=tokyo, log_wins_weekday=0, log_wins_hour=0)
    # Sunday 23:30 UTC is already Monday of the next week in Tokyo.
    planner.plan(now=FRIDAY_4PM_UTC + timedelta(days=2, hours=7, minutes=30))
    assert NudgeClaim.objects.get().period == "2026-W49"


def test_evidence_logged_this_week_means_no_nudge_but_last_weeks_does_not_count():
    quiet = engineer("L5", email="quiet@example.com")
    busy = engineer("L5", email="busy@example.com")
    log_a_win(busy, FRIDAY_4PM_UTC - timedelta(days=3))
    log_a_win(quiet, FRIDAY_4PM_UTC - timedelta(days=6))  # the Saturday before
    planner.plan(now=FRIDAY_4PM_UTC)
    assert claimed() == {quiet.email}


def test_trashed_evidence_does_not_count():
    person = engineer("L5")
    win = log_a_win(person, FRIDAY_4PM_UTC - timedelta(days=1))
    win.deleted_at = FRIDAY_4PM_UTC
    win.save(update_fields=["deleted_at"])
    planner.plan(now=FRIDAY_4PM_UTC)
    assert claimed() == {person.email}


def test_it_skips_people_off_the_ladder_inactive_or_unsubscribed_or_with_no_channel():
    UserFactory(email="noladder@example.com")
    engineer("L5", email="gone@example.com", is_active=False)
    unsubscribed = engineer("L5", email="unsub@example.com")
    NudgePreference.objects.create(
        person=unsubscribed, kind="log_wins", unsubscribed_at=FRIDAY_4PM_UTC
    )
    silent = engineer("L5", email="silent@example.com")
    NudgePreference.objects.create(person=silent, kind="log_wins", email=False, in_app=False)
    in_app_only = engineer("L5", email="inapp@example.com")
    NudgePreference.objects.create(person=in_app_only, kind="log_wins", email=False)
    planner.plan(now=FRIDAY_4PM_UTC)
    assert claimed() == {in_app_only.email}


def test_a_quiet_period_holds_nudges_until_it_ends():
    person = engineer("L5")
    NudgeSettings.objects.create(
        person=person, quiet_from=date(2026, 11, 20), quiet_until=date(2026, 11, 27)
    )
    planner.plan(now=FRIDAY_4PM_UTC)
    assert not claimed()
    NudgeSettings.objects.filter(person=person).update(quiet_until=date(2026, 11, 26))
    planner.plan(now=FRIDAY_4PM_UTC)
    assert claimed() == {person.email}


def test_fortnightly_skips_the_week_after_a_nudge():
    person = engineer("L5")
    NudgePreference.objects.create(person=person, kind="log_wins", frequency="fortnightly")
    planner.plan(now=FRIDAY_4PM_UTC)
    planner.plan(now=FRIDAY_4PM_UTC + timedelta(weeks=1))
    planner.plan(now=FRIDAY_4PM_UTC + timedelta(weeks=2))
    periods = sorted(NudgeClaim.objects.values_list("period", flat=True))
    assert periods == ["2026-W48", "2026-W50"]


def test_staff_thresholds_change_the_default_day_and_hour():
    person = engineer("L5")
    NudgeThreshold.objects.create(key="log_wins.default_hour", value=17)
    planner.plan(now=FRIDAY_4PM_UTC)
    assert not claimed()
    NudgeThreshold.objects.filter(key="log_wins.default_hour").update(value=16)
    planner.plan(now=FRIDAY_4PM_UTC)
    assert claimed() == {person.email}


def test_planning_is_a_fixed_number_of_statements():
    for i in range(30):
        zone = ["UTC", "Asia/Kolkata"][i % 2]
        due_engineer(FRIDAY_4PM_UTC, email=f"e{i}@example.com", time_zone=zone)
    with CaptureQueriesContext(connection) as queries:
        assert planner.plan(now=FRIDAY_4PM_UTC, kinds=["log_wins"]) == {"log_wins": 30}
    bookkeeping = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    statements = [q["sql"] for q in queries if not q["sql"].startswith(bookkeeping)]
    # zones in use, thresholds, (PostgreSQL: the join setting), the claiming INSERT
    assert len(statements) <= 4, statements
    assert sum("INSERT" in sql for sql in statements) == 1


def test_planning_every_kind_is_one_insert_per_scheduled_kind():
    for i in range(10):
        due_engineer(FRIDAY_4PM_UTC, email=f"e{i}@example.com")
    with CaptureQueriesContext(connection) as queries:
        counts = planner.plan(now=FRIDAY_4PM_UTC)
    assert set(counts) == {
        "log_wins", "stale_criterion", "checkin_due", "draft_waiting", "digest",
        "attestation_reminder",
    }  # fmt: skip
    bookkeeping = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    statements = [q["sql"] for q in queries if not q["sql"].startswith(bookkeeping)]
    assert sum("INSERT" in sql for sql in statements) == len(counts)
    assert len(statements) <= 3 + len(counts), statements


def test_a_re_run_leaves_this_weeks_claims_out_in_the_same_single_insert():
    for i in range(5):
        due_engineer(FRIDAY_4PM_UTC, email=f"e{i}@example.com")
    assert planner.plan(now=FRIDAY_4PM_UTC, kinds=["log_wins"]) == {"log_wins": 5}
    with CaptureQueriesContext(connection) as queries:
        later = FRIDAY_4PM_UTC + timedelta(hours=1)
        assert planner.plan(now=later, kinds=["log_wins"]) == {"log_wins": 0}
    inserts = [q["sql"] for q in queries if "INSERT" in q["sql"]]
    # No unique violation to recover from: the claims were left out by the SELECT.
    assert len(inserts) == 1 and "ON CONFLICT" not in inserts[0], inserts


def test_a_claim_of_the_week_older_than_the_planner_expects_is_still_not_doubled():
    # The planner leaves out this week's claims made since the earliest local Monday (less
    # a day). An older one (a clock set back, a restored row) meets the unique index
    # instead, and the claiming runs again with ON CONFLICT DO NOTHING.
    early = due_engineer(FRIDAY_4PM_UTC, email="early@example.com")
    other = due_engineer(FRIDAY_4PM_UTC, email="other@example.com")
    NudgeClaim.objects.create(
        person=early,
        kind="log_wins",
        period="2026-W48",
        created_at=FRIDAY_4PM_UTC - timedelta(days=30),
    )
    assert planner.plan(now=FRIDAY_4PM_UTC, kinds=["log_wins"]) == {"log_wins": 1}
    assert claimed() == {early.email, other.email}
    assert NudgeClaim.objects.filter(person=early).count() == 1
