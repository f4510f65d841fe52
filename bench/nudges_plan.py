"""Scale benchmark for the nudge planner (issue 7). PostgreSQL only; loopback only.

Seeds N people (each with a chosen day and hour that is due now) and M evidence rows
(about a third of people logged a win this week), then in one run measures:

  1. the bare anti-join (who has no evidence this week), best of 3;
  2. the planning step (claim every due nudge, then publish delivery batches after commit),
     with its SQL statement count;
  3. a re-run of the planning step (must claim 0);
  4. a real `celery worker` (solo pool) delivering through SMTP to a sink on 127.0.0.1 for
     a bounded time; its peak RSS (VmHWM) and how many nudges it sent.

The database named by DATABASE_URL is wiped: its name must end in "_bench".

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_nudges_bench \\
    REDIS_URL=redis://127.0.0.1:6379/7 \\
    .venv/bin/python bench/nudges_plan.py --people 100000 --artifacts 1000000 --deliver-seconds 60
"""

import argparse
import logging
import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder comes first on the path: put the project root there instead.
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promo.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from promo.celery import app  # noqa: E402
from promo.demo.steps import ensure_default_ladder  # noqa: E402
from promo.models import NudgeClaim  # noqa: E402
from promo.nudges import outbox, planner  # noqa: E402
from tests.broker import every_task_to_the_default_queue, set_routes  # noqa: E402

ZONES = ["Europe/London", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"]


def seed(people, artifacts):
    call_command("migrate", verbosity=0)
    ladder = ensure_default_ladder()
    level = ladder.levels.get(code="L5")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE promo_user, evidence_artifact, promo_nudgeclaim, promo_notification, "
            "promo_nudgesettings, promo_nudgepreference RESTART IDENTITY CASCADE"
        )
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
        cursor.execute("ANALYZE")


def bare_anti_join(now):
    sql = """
        SELECT count(*) FROM promo_user u
        WHERE u.is_active AND NOT EXISTS (
            SELECT 1 FROM evidence_artifact a
            WHERE a.owner_id = u.id AND a.deleted_at IS NULL AND a.created_at >= %s)
    """
    week_start = now - timedelta(days=7)
    best, count = None, None
    with connection.cursor() as cursor:
        for _ in range(3):
            started = time.perf_counter()
            cursor.execute(sql, [week_start])
            count = cursor.fetchone()[0]
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
    return best, count


PUBLISHING = {"seconds": 0.0}


def _timed(publish):
    def wrapper(claim_ids, **options):
        started = time.perf_counter()
        try:
            return publish(claim_ids, **options)
        finally:
            PUBLISHING["seconds"] += time.perf_counter() - started

    return wrapper


def timed_plan(kinds=None):
    """(total seconds, of which publishing, new claims, SQL statements) for one plan()."""
    PUBLISHING["seconds"] = 0.0
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        counts = planner.plan(kinds=kinds)
        elapsed = time.perf_counter() - started
    bookkeeping = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    statements = [q for q in queries.captured_queries if not q["sql"].startswith(bookkeeping)]
    return elapsed, PUBLISHING["seconds"], sum(counts.values()), len(statements)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.count += 1
        return "250 OK"


def peak_rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def deliver_for(seconds, queue):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "PROMO_TEST_QUEUE": queue,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "SITE_URL": "https://promo.bench",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.nudges.celery_app", "worker",
         "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(seconds)
        peak = peak_rss_kib(worker.pid)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: do not leave it behind
            worker.kill()
            worker.wait(timeout=10)
        controller.stop()
    sent = NudgeClaim.objects.filter(status=NudgeClaim.Status.SENT).count()
    return peak, sent, sink.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--artifacts", type=int, default=1_000_000)
    parser.add_argument("--deliver-seconds", type=int, default=60)
    args = parser.parse_args()
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or not name.endswith("_bench"):
        sys.exit("DATABASE_URL must name a PostgreSQL database ending in _bench (it is wiped).")
    if not settings.REDIS_URL:
        sys.exit("REDIS_URL must be set: the planning step publishes to a real broker.")
    queue = f"promo-bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    set_routes((every_task_to_the_default_queue,))  # the worker below consumes `queue` only
    planner.outbox.publish_deliveries = _timed(planner.outbox.publish_deliveries)

    started = time.perf_counter()
    seed(args.people, args.artifacts)
    print(f"seeded {args.people} people, {args.artifacts} artifacts "
          f"in {time.perf_counter() - started:.1f}s")  # fmt: skip
    bare, due = bare_anti_join(timezone.now())
    print(f"bare anti-join:      {bare:.3f}s, {due} people without evidence this week")
    # "Log your wins" alone is what the anti-join measures; the other kinds follow in a
    # second step (nothing is due for them in this data, but their statements still run).
    elapsed, publishing, claimed, statements = timed_plan(kinds=["log_wins"])
    budget = 3 + args.people // 2000
    claiming = elapsed - publishing
    print(f"planning log_wins:   {elapsed:.3f}s, {claimed} claims, {statements} statements "
          f"(budget {budget})")  # fmt: skip
    print(f"  claiming (SQL):    {claiming:.3f}s = {claiming / bare:.2f}x the anti-join")
    batches = -(-claimed // outbox.BATCH_SIZE)
    print(f"  publishing:        {publishing:.3f}s for {batches} batches after commit")
    rerun, _, reclaimed, statements = timed_plan()
    print(f"re-run, all kinds:   {rerun:.3f}s, {reclaimed} new claims, {statements} statements "
          f"(budget {budget})")  # fmt: skip
    peak, sent, received = deliver_for(args.deliver_seconds, queue)
    print(f"worker, {args.deliver_seconds}s:        peak RSS {peak / 1024:.0f} MiB, "
          f"{sent} nudges sent, {received} emails received")  # fmt: skip
    import redis

    redis.Redis.from_url(settings.REDIS_URL).delete(
        queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
    )


if __name__ == "__main__":
    main()
