"""Benchmark: the team readiness dashboard on PostgreSQL.

Builds (once; re-runs reuse it) a director with 20 managers and 480 engineers below them
(500 people), manager 0 having exactly 25 direct reports, and 1M evidence rows (one
artifact + one tag per row, 80% shared with managers, trailing 12 months) with set-based
SQL, then:

1. refreshes every snapshot (what the hourly beat task does) and times it;
2. serves the app with gunicorn (2 sync workers) and measures with wrk, in one run:
   a trivial authenticated page (/mentoring/ with no mentees) as the baseline, then the
   25-report dashboard; the ratio is the figure (goal >= 0.3x);
3. times the director's org view (500 people) server-side, in process, through Django's
   test client with the full middleware (p95 goal < 300 ms), and once more with wrk -c1.

Use a database of its own; it is filled, not flushed:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_dash_bench \\
    REDIS_URL=redis://127.0.0.1:6379/10 DEBUG=0 SECRET_KEY=bench \\
        .venv/bin/python bench/dashboard.py [--rows 1000000] [--seconds 10] \\
        [--runs 100] [--rounds 3] [--skip-refresh]

DEBUG=0 so the in-process timings run the production template and query paths; the
Redis db named by REDIS_URL is the row cache, and it is cleared once to time a cold view.

SECRET_KEY must be the one gunicorn gets (bench/web.py passes $SECRET_KEY or "bench"),
or the session cookie made here is refused.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Run as a script, this folder comes first on the path: put the project root there instead.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promo.settings")

from bench.database import ensure_bench_database  # noqa: E402

ensure_bench_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

DIRECTOR = "bench-director@example.com"
MANAGERS, ENGINEERS, TEAM = 20, 480, 25


def _timed(label, call):
    start = time.perf_counter()
    result = call()
    print(f"  {label:<44} {time.perf_counter() - start:7.1f} s")
    return result


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def build_people():
    from promo.demo.steps import ensure_default_ladder
    from promo.models import User

    ladder = ensure_default_ladder()
    l5, l7 = ladder.levels.get(code="L5"), ladder.levels.get(code="L7")
    director = User.objects.create_user(DIRECTOR, display_name="Bench Director", ladder=ladder)
    managers = [
        User.objects.create_user(
            f"bench-m{i}@example.com",
            display_name=f"Manager {i:02d}",
            manager=director,
            ladder=ladder,
            level=l7,
        )
        for i in range(MANAGERS)
    ]
    ids = [m.pk for m in managers]
    # Engineers 1..25 report to manager 0; the rest round-robin to managers 1..19.
    _sql(
        """
        INSERT INTO promo_user (password, is_superuser, email, display_name, time_zone,
            is_staff, is_active, date_joined, manager_id, ladder_id, level_id)
        SELECT '!', false, 'bench-e' || g || '@example.com', 'Engineer ' || lpad(g::text, 3, '0'),
            'UTC', false, true, now(),
            (%s::bigint[])[CASE WHEN g <= %s THEN 1 ELSE 2 + (g %% %s) END], %s, %s
        FROM generate_series(1, %s) g
        """,
        [ids, TEAM, MANAGERS - 1, ladder.pk, l5.pk, ENGINEERS],
    )
    return ladder


def build_evidence(ladder, rows):
    criteria = list(ladder.criteria.order_by("position").values_list("pk", flat=True))
    engineers = "(SELECT array_agg(id ORDER BY id) FROM promo_user WHERE email LIKE 'bench-e%%')"
    _sql(
        f"""
        INSERT INTO evidence_artifact (title, happened_on, kind, body, impact, metrics,
            metric_before, metric_after, shipped_on, visibility, is_draft, version,
            created_at, updated_at, owner_id)
        SELECT 'Work ' || g, current_date - (g %% 365), 'project', '', '', '', '', '',
            CASE WHEN g %% 7 = 0 THEN current_date - (g %% 365) END,
            CASE WHEN g %% 10 = 0 THEN 'private' WHEN g %% 10 = 1 THEN 'mentors'
                 ELSE 'mentors_and_manager' END,
            false, 1, now(), now(), (e.ids)[1 + (g %% {ENGINEERS})]
        FROM generate_series(1, %s) g, {engineers} AS e(ids)
        """,  # noqa: S608 - constants only
        [rows],
    )
    _sql(
        """
        INSERT INTO evidence_artifacttag (strength, rationale, created_at, artifact_id,
            criterion_id)
        SELECT (ARRAY['signal', 'strong', 'exemplary'])[1 + (a.id %% 3)], '', now(), a.id,
            (%s::bigint[])[1 + (a.id %% %s)]
        FROM evidence_artifact a JOIN promo_user u ON u.id = a.owner_id
        WHERE u.email LIKE 'bench-e%%'
        """,
        [criteria, len(criteria)],
    )
    _sql("ANALYZE")


def build_history():
    """Twelve months of history rows for the org chart, set-based."""
    return _sql(
        """
        INSERT INTO promo_readinessmonth (person_id, month, status)
        SELECT u.id, (date_trunc('month', current_date) - make_interval(months => m))::date,
            (ARRAY['ready', 'close', 'building', 'building'])[1 + ((u.id + m) %% 4)]
        FROM promo_user u, generate_series(1, 11) m
        WHERE u.email LIKE 'bench-%%'
        ON CONFLICT DO NOTHING
        """
    )


def build(rows):
    from promo.models import User

    if User.objects.filter(email=DIRECTOR).exists():
        print("  (reusing the data built by an earlier run)")
        return
    with transaction.atomic():
        ladder = _timed("people (500 below the director)", build_people)
        _timed(f"{rows:,} artifacts + {rows:,} tags (SQL)", lambda: build_evidence(ladder, rows))
    _timed("history rows (SQL)", build_history)


def refresh_all():
    from promo.dashboards.snapshots import snapshot_refresh
    from promo.models import User

    ids = list(User.objects.filter(email__startswith="bench-").values_list("pk", flat=True))
    for person_id in ids:
        snapshot_refresh(person_id=person_id)
    return len(ids)


def server_side_p95(user, path, runs):
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    assert client.get(path).status_code == 200
    cache.clear()  # the first view after the rows changed renders every row
    start = time.perf_counter()
    assert client.get(path).status_code == 200
    cold = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    print(
        f"  {path:<30} in-process median {statistics.median(times):6.1f} ms   "
        f"p95 {p95:6.1f} ms   max {times[-1]:6.1f} ms   (runs={runs}); "
        f"cold row cache {cold:6.1f} ms"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="baseline/dashboard pairs")
    args = parser.parse_args()
    from bench.web import assert_page_ok, gunicorn, session_cookie_for, wrk
    from evidence.models import Artifact
    from promo.models import User

    call_command("migrate", verbosity=0)
    # gunicorn runs with DEBUG=false, which serves hashed names from the manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "DEBUG": "false"},
        check=True,
    )
    print(f"postgresql, database {connection.settings_dict['NAME']}")
    build(args.rows)
    print(
        f"  evidence rows: {Artifact.objects.filter(owner__email__startswith='bench-e').count():,}"
    )
    if not args.skip_refresh:
        count = _timed("refresh every snapshot (the beat task)", refresh_all)
        print(f"  ({count} people)")
    director = User.objects.get(email=DIRECTOR)
    manager = User.objects.get(email="bench-m0@example.com")
    print("server side:")
    server_side_p95(director, "/team/?scope=org", args.runs)
    server_side_p95(manager, "/team/", args.runs)
    manager_cookie, director_cookie = session_cookie_for(manager), session_cookie_for(director)
    print("gunicorn (2 sync workers) + wrk, one run:")
    with gunicorn() as base:
        for path, cookie in (
            ("/mentoring/", manager_cookie),
            ("/team/", manager_cookie),
            ("/team/?scope=org", director_cookie),
        ):
            assert_page_ok(base, path, cookie)
        for path in ("/mentoring/", "/team/"):  # warm both workers: imports, caches, plans
            wrk(base, path, manager_cookie, seconds=2)
        ratios = []
        for _ in range(args.rounds):  # alternate, so drift in load hits both pages alike
            baseline = wrk(base, "/mentoring/", manager_cookie, seconds=args.seconds)
            team = wrk(base, "/team/", manager_cookie, seconds=args.seconds)
            ratios.append(team.requests_per_second / baseline.requests_per_second)
            print(f"  {baseline.line()}\n  {team.line()}\n    ratio {ratios[-1]:.2f}x")
        org = wrk(
            base,
            "/team/?scope=org",
            director_cookie,
            seconds=args.seconds,
            connections=1,
            threads=1,
        )
        print("  " + org.line())
    print(f"  25-report dashboard / trivial page: median {statistics.median(ratios):.2f}x "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})")  # fmt: skip


if __name__ == "__main__":
    main()
