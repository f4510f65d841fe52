"""Where claiming's time goes, against floors measured in the same run.

On a database bench/nudges_plan.py has seeded (100k people, 1M artifacts), one process
measures, each the best of --repeat runs:

  baselines   the bare anti-join as a count (the issue's baseline; PostgreSQL runs it
              with parallel workers), the same returning the due ids to Python, and the
              same with parallel workers off (an INSERT ... SELECT can never use them);
  claiming    planner.plan(kinds=["log_wins"]) committed, publishing stubbed out, on an
              emptied claims table;
  floors      inserting the same due ids, already computed into a temporary table, into:
              a narrow heap with no index at all; a narrow table with only the unique
              (person, kind, period) index, ON CONFLICT DO NOTHING; the real claims
              table, ON CONFLICT DO NOTHING; the real claims table again, the ids sent
              from Python as an array (a SELECT may run in parallel before it); and a
              narrow table whose primary key is (person, kind, period), from Python too.

Every figure is printed with its ratio to the count baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_nudges_bench \\
    .venv/bin/python bench/nudges_claim_floor.py --repeat 3
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder comes first on the path: put the project root there instead.
sys.path[0] = str(ROOT)
from bench.standalone import django_setup  # noqa: E402

django_setup(DEBUG="true")

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from promo.nudges import outbox, planner  # noqa: E402

DUE = """
    FROM promo_user u
    WHERE u.is_active AND NOT EXISTS (
        SELECT 1 FROM evidence_artifact a
        WHERE a.owner_id = u.id AND a.deleted_at IS NULL AND a.created_at >= %s)
"""
CLAIM_COLUMNS = (
    "person_id, kind, period, status, attempts, created_at, enqueued_at, not_before, "
    "emailed, last_error"
)


def best(repeat, step, setup=None):
    times, result = [], None
    for _ in range(repeat):
        if setup:
            setup()
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return min(times), result


def sql(statement, params=(), *, fetch=False):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if fetch else cursor.rowcount


def committed(statements):
    def step():
        with transaction.atomic():
            rows = 0
            for statement, params in statements:
                rows = sql(statement, params)
        return rows

    return step


def from_python(repeat, report, empty_claims):
    """The due ids already in Python (as a parallel SELECT would leave them), inserted
    with one array parameter: into the claims table, and into a narrow table keyed by
    (person, kind, period) with no surrogate id (one B-tree instead of three)."""
    ids = [row[0] for row in sql("SELECT person_id FROM bench_due", fetch=True)]
    rows_of = "SELECT unnest(%s::bigint[]), 'log_wins', '2026-W48'"
    claims = (
        f"INSERT INTO promo_nudgeclaim ({CLAIM_COLUMNS}) {rows_of}, 'pending', 0, now(), "
        "now(), now(), false, '' RETURNING id"
    )
    seconds, rows = best(repeat, committed([(claims, [ids])]), setup=empty_claims)
    report("floor: the claims table, ids from Python, ids returned", seconds, rows)
    sql(
        "CREATE TABLE bench_keyed (person_id bigint, kind varchar(40), period varchar(40), "
        "created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (person_id, kind, period))"
    )
    keyed = f"INSERT INTO bench_keyed (person_id, kind, period) {rows_of}"
    seconds, rows = best(
        repeat, committed([(keyed, [ids])]), setup=lambda: sql("TRUNCATE bench_keyed")
    )
    report("floor: narrow, keyed (person, kind, period), from Python", seconds, rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].endswith("_bench"):
        sys.exit("DATABASE_URL must name a seeded PostgreSQL database ending in _bench.")
    outbox.publish_deliveries = lambda ids, probe=False: 0
    week_ago = timezone.now() - timedelta(days=7)
    empty_claims = lambda: sql("TRUNCATE promo_nudgeclaim CASCADE")  # noqa: E731
    results = []

    def report(label, seconds, rows):
        results.append((label, seconds, rows))
        base = results[0][1]
        print(f"{label:<58} {seconds:7.3f}s {rows:>7} rows  {seconds / base:5.2f}x", flush=True)

    seconds, rows = best(repeat, lambda: sql(f"SELECT count(*) {DUE}", [week_ago], fetch=True))
    report("bare anti-join, count(*) (the baseline)", seconds, rows[0][0])
    seconds, rows = best(repeat, lambda: sql(f"SELECT u.id {DUE}", [week_ago], fetch=True))
    report("bare anti-join, ids fetched to Python", seconds, len(rows))
    seconds, rows = best(
        repeat,
        committed(
            [
                ("SET LOCAL max_parallel_workers_per_gather = 0", ()),
                (f"SELECT u.id {DUE}", [week_ago]),
            ]
        ),
    )
    report("bare anti-join, ids, no parallel workers", seconds, rows)
    seconds, counts = best(repeat, lambda: planner.plan(kinds=["log_wins"]), setup=empty_claims)
    report("claiming: planner.plan(log_wins), committed", seconds, counts["log_wins"])

    sql("DROP TABLE IF EXISTS bench_due, bench_heap, bench_unique, bench_keyed")
    sql(f"CREATE UNLOGGED TABLE bench_due AS SELECT u.id AS person_id {DUE}", [week_ago])
    sql("CREATE TABLE bench_heap (person_id bigint, kind varchar(40), period varchar(40))")
    sql(
        "CREATE TABLE bench_unique (person_id bigint, kind varchar(40), period varchar(40), "
        "UNIQUE (person_id, kind, period))"
    )
    narrow = "SELECT person_id, 'log_wins', '2026-W48' FROM bench_due"
    try:
        for label, table, conflict in (
            ("floor: narrow heap, no index", "bench_heap", ""),
            ("floor: narrow, unique index, ON CONFLICT", "bench_unique", "ON CONFLICT DO NOTHING"),
        ):
            seconds, rows = best(
                repeat,
                committed([(f"INSERT INTO {table} {narrow} {conflict}", ())]),
                setup=lambda table=table: sql(f"TRUNCATE {table}"),
            )
            report(label, seconds, rows)
        real = (
            f"INSERT INTO promo_nudgeclaim ({CLAIM_COLUMNS}) SELECT person_id, 'log_wins', "
            "'2026-W48', 'pending', 0, now(), now(), now(), false, '' FROM bench_due "
            "ON CONFLICT DO NOTHING RETURNING id"
        )
        seconds, rows = best(repeat, committed([(real, ())]), setup=empty_claims)
        report("floor: the claims table, ON CONFLICT, ids returned", seconds, rows)
        from_python(repeat, report, empty_claims)
    finally:
        sql("DROP TABLE IF EXISTS bench_due, bench_heap, bench_unique, bench_keyed")
        empty_claims()


if __name__ == "__main__":
    main()
