"""What one /metrics scrape costs the database with a year of nudges in it.

Fills the claims table of a bench database (name ending in _bench: its people and claims
are replaced) with --people people x --claims-per-person claims spread over a year, the
last day's share as a real day would have it, then times the gauges' six queries
(promo.monitoring.queries.operations_figures), best and median of --repeat runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_h_obs_bench \\
    .venv/bin/python bench/metrics_scrape.py --people 20000 --claims-per-person 50
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # run as a script: the project root, not this folder, comes first
from bench.standalone import django_setup  # noqa: E402

django_setup(DEBUG="true")

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from promo.models import Notification, NudgeClaim, User  # noqa: E402
from promo.monitoring.queries import operations_figures  # noqa: E402

KINDS = ["digest", "log_wins", "checkin_due", "stale_criterion", "mention"]


def fill(people, per_person):
    assert connection.settings_dict["NAME"].endswith("_bench"), "a _bench database only"
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {NudgeClaim._meta.db_table}, {Notification._meta.db_table}")
        cursor.execute(f"DELETE FROM {User._meta.db_table} WHERE email LIKE 'metrics-bench-%%'")
        cursor.execute(
            f"INSERT INTO {User._meta.db_table} (password, is_superuser, email, is_staff,"
            " is_active, date_joined, display_name, time_zone)"
            " SELECT '', false, 'metrics-bench-' || n || '@example.com', false, true,"
            " now(), 'P' || n, 'UTC' FROM generate_series(1, %s) AS n",
            [people],
        )
        # Claim i of a person is i/per_person of a year old, finished a minute later; rows
        # go in oldest first, as the planner inserts each period's claims when it comes.
        cursor.execute(
            f"INSERT INTO {NudgeClaim._meta.db_table} (person_id, kind, period, status,"
            " attempts, created_at, not_before, emailed, finished_at, last_error)"
            " SELECT u.id, (%s::text[])[1 + i %% 5], 'p' || i, 'sent', 1,"
            " now() - (i * interval '365 days' / %s), now(), true,"
            " now() - (i * interval '365 days' / %s) + interval '1 minute', ''"
            f" FROM {User._meta.db_table} u CROSS JOIN generate_series(0, %s - 1) AS i"
            " WHERE u.email LIKE 'metrics-bench-%%' ORDER BY i DESC, u.id",
            [KINDS, per_person, per_person, per_person],
        )
        cursor.execute(f"VACUUM ANALYZE {NudgeClaim._meta.db_table}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--claims-per-person", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="measure the claims already there")
    args = parser.parse_args()
    if not args.keep:
        fill(args.people, args.claims_per_person)
    print(f"claims: {NudgeClaim.objects.count():,}")
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        operations_figures(now=timezone.now())
        times.append((time.perf_counter() - started) * 1000)
    print(f"operations_figures: best {min(times):.1f} ms, median {statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main()
