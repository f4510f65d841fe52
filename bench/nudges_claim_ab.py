"""Claiming before and after the claim-index change, alternated on one seeded database.

On a machine shared with other work, two runs minutes apart are not comparable; rounds
that alternate the two in one process are. On a database bench/nudges_plan.py seeded,
each round, for each variant:

  before  the (status, not_before) index over every claim, no BRIN, no partial index, and
          the single INSERT ... ON CONFLICT DO NOTHING with no exclusion of this week's
          claims (log_wins without Due.claimed_since);
  after   the indexes of migration 0029 and the planner as it is;

removes this week's claims, measures the bare anti-join (best of 3) and one committed
plan(kinds=["log_wins"]) with publishing stubbed out, and prints the ratio. The database
is left with the "after" indexes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_nudges_bench \\
    .venv/bin/python bench/nudges_claim_ab.py --rounds 3
"""

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
from bench.standalone import django_setup  # noqa: E402

django_setup(DEBUG="true")

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.nudges_plan import bare_anti_join  # noqa: E402
from promo.nudges import outbox, planner, registry  # noqa: E402

SCHEMAS = {
    "before": [
        "DROP INDEX IF EXISTS nudge_claim_open_only",
        "DROP INDEX IF EXISTS nudge_claim_sending_only",
        "DROP INDEX IF EXISTS nudge_claim_created_brin",
        "CREATE INDEX IF NOT EXISTS nudge_claim_open ON promo_nudgeclaim (status, not_before)",
    ],
    "after": [
        "DROP INDEX IF EXISTS nudge_claim_open",
        "CREATE INDEX IF NOT EXISTS nudge_claim_open_only ON promo_nudgeclaim (not_before) "
        "WHERE status IN ('pending', 'retrying')",
        "CREATE INDEX IF NOT EXISTS nudge_claim_sending_only ON promo_nudgeclaim (sending_at) "
        "WHERE status = 'sending'",
        "CREATE INDEX IF NOT EXISTS nudge_claim_created_brin ON promo_nudgeclaim "
        "USING brin (created_at)",
    ],
}


def execute(*statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def use(variant, log_wins):
    execute(*SCHEMAS[variant])
    if variant == "before":
        unbounded = lambda planning: replace(log_wins.claim_sql(planning), claimed_since=None)  # noqa: E731
        registry.KINDS["log_wins"] = replace(log_wins, claim_sql=unbounded)
    else:
        registry.KINDS["log_wins"] = log_wins


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].endswith("_bench"):
        sys.exit("DATABASE_URL must name a seeded PostgreSQL database ending in _bench.")
    outbox.publish_deliveries = lambda ids, probe=False: 0
    log_wins = registry.KINDS["log_wins"]
    try:
        for round_ in range(rounds):
            for variant in ("before", "after"):
                use(variant, log_wins)
                execute(
                    "DELETE FROM promo_nudgeclaim WHERE created_at > now() - interval '1 day'",
                    "VACUUM (ANALYZE) promo_nudgeclaim",
                )
                bare, _ = bare_anti_join(timezone.now())
                started = time.perf_counter()
                claimed = planner.plan(kinds=["log_wins"])["log_wins"]
                claim = time.perf_counter() - started
                load = Path("/proc/loadavg").read_text().split()[0]
                print(f"round {round_} {variant:<6} bare {bare:.3f}s claim {claim:.3f}s "
                      f"({claimed}) = {claim / bare:5.2f}x  load {load}", flush=True)  # fmt: skip
    finally:
        use("after", log_wins)


if __name__ == "__main__":
    main()
