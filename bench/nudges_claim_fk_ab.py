"""A/B for docs/benchmarks.md: "log your wins" claiming with and without a database FK
constraint on the claim's person, alternating in one process on a database that
bench/nudges_plan.py has seeded. Each round truncates the claims, measures the bare
anti-join (best of 3) and one committed plan(kinds=["log_wins"]), publishing stubbed out.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_nudges_bench \\
    .venv/bin/python bench/nudges_claim_fk_ab.py --rounds 3
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder comes first on the path: put the project root there instead.
sys.path[0] = str(ROOT)
from bench.standalone import django_setup  # noqa: E402

django_setup(DEBUG="true")

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.nudges_plan import bare_anti_join  # noqa: E402
from promo.nudges import outbox, planner  # noqa: E402

CONSTRAINT = "bench_claim_person_fk"


def constraint(on):
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE promo_nudgeclaim DROP CONSTRAINT IF EXISTS {CONSTRAINT}")
        if on:  # as Django creates a ForeignKey's constraint
            cursor.execute(
                f"ALTER TABLE promo_nudgeclaim ADD CONSTRAINT {CONSTRAINT} FOREIGN KEY "
                "(person_id) REFERENCES promo_user (id) DEFERRABLE INITIALLY DEFERRED"
            )


def claim():
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE promo_nudgeclaim CASCADE")
    started = time.perf_counter()
    claimed = planner.plan(kinds=["log_wins"])["log_wins"]
    return time.perf_counter() - started, claimed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].endswith("_bench"):
        sys.exit("DATABASE_URL must name a seeded PostgreSQL database ending in _bench.")
    outbox.publish_deliveries = lambda ids, probe=False: 0
    try:
        for number in range(rounds):
            for on in (True, False):
                constraint(on)
                bare, _ = bare_anti_join(timezone.now())
                seconds, claimed = claim()
                print(
                    f"round {number} fk={'on ' if on else 'off'} bare {bare:.3f}s "
                    f"claim {seconds:.3f}s ({claimed}) = {seconds / bare:.2f}x",
                    flush=True,
                )
    finally:
        constraint(False)


if __name__ == "__main__":
    main()
