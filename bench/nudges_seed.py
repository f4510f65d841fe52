"""Seeding for the nudge planner benchmarks: people, evidence and past claims, in bulk.

Every table is filled by one INSERT ... SELECT generate_series, so 1M people and 10M
artifacts take minutes. The artifacts' secondary indexes are dropped first and built
again afterwards (a B-tree build sorts once; an insert per row descends each index), and
foreign-key triggers are off while seeding (the ids are generated consistently). The
full-text GIN index is not built again: nothing the planner runs reads it, and it alone
would take longer to build than everything else at 10M rows.

Imported by bench/nudges_plan.py; needs Django set up and a database ending in _bench.
"""

import time
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from promo.demo.steps import ensure_default_ladder
from promo.nudges import planner

ZONES = ["Europe/London", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"]
SEARCH_INDEX = "artifact_search_gin"


def _artifact_indexes(cursor):
    """(name, definition) of evidence_artifact's indexes that back no constraint."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = 'evidence_artifact' AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """
    )
    return cursor.fetchall()


def _people(cursor, people, ladder, level, now):
    cursor.execute(
        """
        INSERT INTO promo_user (password, is_superuser, email, display_name, time_zone,
            ladder_id, level_id, is_staff, is_active, date_joined)
        SELECT '!', false, 'p' || i || '@bench.example', 'Person ' || i,
               (%s::text[])[1 + i %% %s], %s, %s, false, true, now()
        FROM generate_series(1, %s) AS i
        """,
        [ZONES, len(ZONES), ladder.pk, level.pk, people],
    )
    # Everyone chose today (in their zone) at 00:00, so everyone without a win is due.
    for zone in ZONES:
        clock = planner.local_clock(zone, now)
        cursor.execute(
            "INSERT INTO promo_nudgesettings (person_id, log_wins_weekday, log_wins_hour) "
            "SELECT id, %s, 0 FROM promo_user WHERE time_zone = %s",
            [clock["weekday"], zone],
        )


def _artifacts(cursor, people, artifacts):
    # Evidence spread over a year; every third person logged one this week.
    cursor.execute(
        """
        INSERT INTO evidence_artifact (owner_id, title, happened_on, kind, body, impact,
            metrics, metric_before, metric_after, visibility, is_draft, version,
            created_at, updated_at)
        SELECT 1 + (i %% %s), 'Win ' || i, (now() - make_interval(days => 8 + i %% 350))::date,
               'other', '', '', '', '', '', 'mentors_and_manager', false, 1,
               CASE WHEN i <= %s AND (i %% %s) %% 3 = 0 THEN now() - interval '1 minute'
                    ELSE now() - make_interval(days => 8 + i %% 350) END,
               now()
        FROM generate_series(1, %s) AS i
        """,
        [people, people, people, artifacts],
    )


def _claim_history(cursor, weeks, now):
    """`weeks` past weeks of sent "log your wins" claims for two people in three, oldest
    first (as the planner makes them), and one claim whose task a broker lost ten weeks
    ago: the relay must still find it."""
    for back in range(weeks, 0, -1):
        made = now - timedelta(weeks=back)
        iso = made.isocalendar()
        cursor.execute(
            """
            INSERT INTO promo_nudgeclaim (person_id, kind, period, status, attempts,
                created_at, enqueued_at, not_before, sending_at, finished_at, emailed,
                last_error)
            SELECT id, 'log_wins', %s, 'sent', 1, %s, %s, %s, %s, %s, true, ''
            FROM promo_user WHERE id %% 3 <> 0
            """,
            [f"{iso.year}-W{iso.week:02d}", made, made, made, made, made],
        )
    lost = now - timedelta(weeks=10)
    cursor.execute(
        """
        INSERT INTO promo_nudgeclaim (person_id, kind, period, status, attempts, created_at,
            enqueued_at, not_before, emailed, last_error)
        VALUES (1, 'digest', 'lost-in-an-outage', 'pending', 0, %s, %s, %s, false, '')
        """,
        [lost, lost, lost],
    )


def seed(people, artifacts, history_weeks):
    """Wipe and fill the bench database; returns {step: seconds}."""
    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    ladder = ensure_default_ladder()
    level = ladder.levels.get(code="L5")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute("SET session_replication_role = replica")  # no FK triggers
        cursor.execute(
            "TRUNCATE promo_user, evidence_artifact, promo_nudgeclaim, promo_notification, "
            "promo_nudgesettings, promo_nudgepreference RESTART IDENTITY CASCADE"
        )
        _people(cursor, people, ladder, level, now)
        timings["people"] = time.perf_counter() - started
        indexes = _artifact_indexes(cursor)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        mark = time.perf_counter()
        _artifacts(cursor, people, artifacts)
        timings["artifacts"] = time.perf_counter() - mark
        mark = time.perf_counter()
        for name, definition in indexes:
            if name != SEARCH_INDEX:
                cursor.execute(definition)
        timings["artifact indexes"] = time.perf_counter() - mark
        mark = time.perf_counter()
        _claim_history(cursor, history_weeks, now)
        timings["claim history"] = time.perf_counter() - mark
        cursor.execute("SET session_replication_role = DEFAULT")
        mark = time.perf_counter()
        # Hint bits and the visibility map set now, not by the first measured statement.
        for table in ("promo_user", "promo_nudgesettings", "evidence_artifact", "promo_nudgeclaim"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        timings["vacuum"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    return timings
