"""Would claiming in several connections at once beat one INSERT ... SELECT?

PostgreSQL never runs an INSERT ... SELECT with parallel workers, while the baseline (the
bare anti-join as a count) gets them. This measures the other way to use both cores: the
planner's own log_wins statement split by ranges of person ids, each range in its own
connection and transaction, all started together; the time is until the last finishes.
Each transaction is rolled back, so every round claims the same rows.

On a database bench/nudges_plan.py has seeded (100k people, 1M artifacts) and whose claims
of this week were deleted (the planner's run there made them), each round measures the
baseline (best of 3) and then 1, 2, 3 and 4 connections:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_nudges_bench \\
    .venv/bin/python bench/nudges_claim_parallel.py --rounds 3
"""

import argparse
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder comes first on the path: put the project root there instead.
sys.path[0] = str(ROOT)
from bench.standalone import django_setup  # noqa: E402

django_setup(DEBUG="true")

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.nudges_plan import bare_anti_join  # noqa: E402
from promo.nudges import planner  # noqa: E402
from promo.nudges.registry import KINDS  # noqa: E402

PEOPLE = "WHERE u.is_active"


def claim_statement():
    """The planner's log_wins statement with its values inlined, and the id range."""
    planning = planner.planning_for()
    sql, params, _ = planner._claim_statement(KINDS["log_wins"], planning)
    assert sql.count(PEOPLE) == 1, "the planner's statement changed: update this bench"
    with connection.cursor() as cursor:
        inlined = cursor.cursor.mogrify(sql, params)
        cursor.execute("SELECT min(id), max(id) + 1 FROM promo_user")
        low, high = cursor.fetchone()
    return inlined, low, high


def claim_range(dsn, statement, bounds, claimed):
    """One connection: the statement for ids in `bounds`, then roll back."""
    sql = statement
    if bounds is not None:
        sql = statement.replace(PEOPLE, f"{PEOPLE} AND u.id >= {bounds[0]} AND u.id < {bounds[1]}")
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "SELECT set_config('enable_nestloop', 'off', true), set_config('work_mem', %s, true)",
            [planner.PLANNING_WORK_MEM],
        )
        claimed.append(len(conn.execute(sql).fetchall()))
        conn.rollback()


def claim_in(connections, dsn, statement, low, high):
    """(seconds until every connection is done, rows claimed)."""
    step = -(-(high - low) // connections)
    ranges = [(low + i * step, low + (i + 1) * step) for i in range(connections)]
    claimed = []
    threads = [
        threading.Thread(
            target=claim_range,
            args=(dsn, statement, bounds if connections > 1 else None, claimed),
        )
        for bounds in ranges
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, sum(claimed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = connection.settings_dict
    dsn = f"dbname={settings['NAME']} user={settings['USER']} host={settings['HOST']}"
    if settings["PORT"]:
        dsn += f" port={settings['PORT']}"
    statement, low, high = claim_statement()
    for _ in range(args.rounds):
        bare, due = bare_anti_join(timezone.now())
        print(f"bare anti-join {bare:.3f}s, {due} due")
        for connections in (1, 2, 3, 4):
            seconds, claimed = claim_in(connections, dsn, statement, low, high)
            if claimed == 0:
                sys.exit("nothing to claim: delete this week's claims first (see the docstring)")
            print(f"  {connections} connection(s): {seconds:.3f}s = {seconds / bare:.2f}x, "
                  f"{claimed} claimed")  # fmt: skip


if __name__ == "__main__":
    main()
