"""The claiming INSERT alone, into the claims table with its history, in three variants.

On a database bench/nudges_plan.py seeded (with weeks of past claims), this week's claims
are removed, the due ids are computed once into a table, and each round inserts them,
in a transaction rolled back afterwards, into the claims table:

  as migrated        unique (person, kind, period), plain INSERT (as the planner does);
  kind-first unique  the unique index as (kind, period, person) instead, plain INSERT;
  ON CONFLICT        as migrated, with ON CONFLICT DO NOTHING (as event claims do).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_nudges_bench \\
    .venv/bin/python bench/nudges_claim_insert_ab.py --rounds 3
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
from bench.standalone import django_setup  # noqa: E402

django_setup(DEBUG="true")

from django.db import connection, transaction  # noqa: E402

COLUMNS = (
    "person_id, kind, period, status, attempts, created_at, enqueued_at, not_before, "
    "emailed, last_error"
)
ROWS = (
    "SELECT person_id, 'log_wins', 'bench-week', 'pending', 0, now(), now(), now(), false, '' "
    "FROM bench_due"
)
KIND_FIRST = [
    "ALTER TABLE promo_nudgeclaim DROP CONSTRAINT nudge_claim_once_per_period",
    "CREATE UNIQUE INDEX bench_kind_first ON promo_nudgeclaim (kind, period, person_id)",
]
VARIANTS = {
    "as migrated, plain INSERT": ([], "RETURNING id"),
    "kind-first unique, plain INSERT": (KIND_FIRST, "RETURNING id"),
    "as migrated, ON CONFLICT DO NOTHING": ([], "ON CONFLICT DO NOTHING RETURNING id"),
}
DUE = """
    CREATE UNLOGGED TABLE bench_due AS SELECT u.id AS person_id FROM promo_user u
    WHERE u.is_active AND NOT EXISTS (
        SELECT 1 FROM evidence_artifact a
        WHERE a.owner_id = u.id AND a.deleted_at IS NULL
          AND a.created_at >= now() - interval '7 days')
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].endswith("_bench"):
        sys.exit("DATABASE_URL must name a seeded PostgreSQL database ending in _bench.")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM promo_nudgeclaim WHERE created_at > now() - interval '1 day'")
        cursor.execute("VACUUM (ANALYZE) promo_nudgeclaim")
        cursor.execute("DROP TABLE IF EXISTS bench_due")
        cursor.execute(DUE)
    times = {label: [] for label in VARIANTS}
    try:
        for _ in range(rounds):
            for label, (ddl, tail) in VARIANTS.items():
                with transaction.atomic(), connection.cursor() as cursor:
                    for statement in ddl:
                        cursor.execute(statement)
                    started = time.perf_counter()
                    cursor.execute(f"INSERT INTO promo_nudgeclaim ({COLUMNS}) {ROWS} {tail}")
                    rows = len(cursor.fetchall())
                    times[label].append(time.perf_counter() - started)
                    transaction.set_rollback(True)
        load = Path("/proc/loadavg").read_text().split()[0]
        for label, seconds in times.items():
            runs = " ".join(f"{value:.3f}" for value in seconds)
            print(f"{label:<38} best {min(seconds):.3f}s of {runs} ({rows} rows, load {load})")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_due")


if __name__ == "__main__":
    main()
