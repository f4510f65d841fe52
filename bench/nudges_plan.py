"""Scale benchmark for the nudge planner. PostgreSQL only; loopback only.

Seeds N people (each with a chosen day and hour that is due now), M evidence rows (about
a third of people logged a win this week) and --history-weeks weeks of sent claims
(bench/nudges_seed.py), then in one run measures:

  1. the bare anti-join (who has no evidence this week), best of 3: the baseline;
  2. the planning step (claim every due nudge, then publish delivery batches after commit),
     with its SQL statement count, and its claiming part as a ratio to the baseline;
  3. a re-run of the planning step (must claim 0);
  4. one relay pass: it must find the claim whose task was lost ten weeks ago;
  5. a real `celery worker` (solo pool) delivering through SMTP to a sink on 127.0.0.1 for
     a bounded time; its peak RSS (VmHWM) and how many nudges it sent.

With --scale-people and --scale-artifacts it then seeds that size in the same database and
measures 1, 2 and 4 again: claiming there is compared with claiming at the first size.

It prints each goal, met or not, and exits with status 1 if one is missed:
claiming within --goal-ratio (5) times the baseline, at most --goal-statements (3 plus
one per 2,000 people) statements, 0 new claims on a re-run, the lost claim published,
and at the larger size claiming within --goal-scale (12) times its time at the first.

The database named by DATABASE_URL is wiped: its name must end in "_bench".

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_nudges_bench \\
    REDIS_URL=redis://127.0.0.1:6379/7 \\
    .venv/bin/python bench/nudges_plan.py --people 100000 --artifacts 1000000 \\
        --deliver-seconds 20 --scale-people 1000000 --scale-artifacts 10000000
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
from bench.database import ensure_bench_database  # noqa: E402
from bench.standalone import django_setup  # noqa: E402

ensure_bench_database()
django_setup(DEBUG="true")

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.nudges_seed import seed  # noqa: E402
from promo.celery import app  # noqa: E402
from promo.models import NudgeClaim  # noqa: E402
from promo.nudges import outbox, planner  # noqa: E402
from tests.broker import every_task_to_the_default_queue, set_routes  # noqa: E402


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
    began = timezone.now()
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
    sent = NudgeClaim.objects.filter(status=NudgeClaim.Status.SENT, finished_at__gte=began).count()
    return peak, sent, sink.count


class Goals:
    """Each goal's line, and whether every one was met."""

    def __init__(self):
        self.missed = []

    def check(self, label, met, detail):
        print(f"  goal: {label:<44} {detail}: {'met' if met else 'NOT MET'}")
        if not met:
            self.missed.append(label)


def relay_pass():
    """(seconds, claims published) for one relay pass, as beat runs it every 30 s."""
    PUBLISHING["seconds"] = 0.0
    started = time.perf_counter()
    published = outbox.relay()
    return time.perf_counter() - started, published


def measure(people, goals, args):
    """Baseline, planning, re-run and relay at the seeded size; returns claiming seconds."""
    bare, due = bare_anti_join(timezone.now())
    print(f"bare anti-join:      {bare:.3f}s, {due} people without evidence this week")
    # "Log your wins" alone is what the anti-join measures; the other kinds follow in a
    # second step (nothing is due for them in this data, but their statements still run).
    elapsed, publishing, claimed, statements = timed_plan(kinds=["log_wins"])
    budget = 3 + people // 2000
    claiming = elapsed - publishing
    print(f"planning log_wins:   {elapsed:.3f}s, {claimed} claims, {statements} statements "
          f"(budget {budget})")  # fmt: skip
    print(f"  claiming (SQL):    {claiming:.3f}s = {claiming / bare:.2f}x the anti-join")
    batches = -(-claimed // outbox.BATCH_SIZE)
    print(f"  publishing:        {publishing:.3f}s for {batches} batches after commit")
    rerun, _, reclaimed, rerun_statements = timed_plan()
    print(f"re-run, all kinds:   {rerun:.3f}s, {reclaimed} new claims, {rerun_statements} "
          f"statements (budget {budget})")  # fmt: skip
    relay_seconds, published = relay_pass()
    print(f"relay pass:          {relay_seconds:.3f}s, {published} published "
          f"(the claim lost ten weeks ago)")  # fmt: skip
    goals.check("claiming vs the anti-join", claiming / bare <= args.goal_ratio,
                f"{claiming / bare:.2f}x <= {args.goal_ratio}x")  # fmt: skip
    goals.check("statements, log_wins and every kind",
                max(statements, rerun_statements) <= budget,
                f"{statements} and {rerun_statements} <= {budget}")  # fmt: skip
    goals.check("re-run claims nothing", reclaimed == 0, f"{reclaimed} new claims")
    goals.check("the lost claim is published again", published == 1, f"{published} published")
    return claiming, claimed


def seeded(people, artifacts, history_weeks):
    timings = seed(people, artifacts, history_weeks)
    steps = ", ".join(f"{step} {seconds:.1f}s" for step, seconds in timings.items())
    print(f"seeded {people} people, {artifacts} artifacts, {history_weeks} weeks of claims "
          f"({steps})")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM promo_nudgeclaim")
        print(f"claims before planning: {cursor.fetchone()[0]}")


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--artifacts", type=int, default=1_000_000)
    parser.add_argument("--history-weeks", type=int, default=4)
    parser.add_argument("--deliver-seconds", type=int, default=20, help="0: no worker")
    parser.add_argument("--scale-people", type=int, default=0)
    parser.add_argument("--scale-artifacts", type=int, default=0)
    parser.add_argument("--goal-ratio", type=float, default=5.0)
    parser.add_argument("--goal-scale", type=float, default=12.0)
    args = parser.parse_args()
    if not settings.REDIS_URL:
        sys.exit("REDIS_URL must be set: the planning step publishes to a real broker.")
    queue = f"promo-bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    set_routes((every_task_to_the_default_queue,))  # the worker below consumes `queue` only
    planner.outbox.publish_deliveries = _timed(planner.outbox.publish_deliveries)
    goals = Goals()
    print(f"load average {load_average()}")
    try:
        seeded(args.people, args.artifacts, args.history_weeks)
        claiming, _ = measure(args.people, goals, args)
        if args.deliver_seconds:
            peak, sent, received = deliver_for(args.deliver_seconds, queue)
            print(f"worker, {args.deliver_seconds}s:        peak RSS {peak / 1024:.0f} MiB, "
                  f"{sent} nudges sent, {received} emails received")  # fmt: skip
        if args.scale_people:
            print(f"load average {load_average()}")
            seeded(args.scale_people, args.scale_artifacts, args.history_weeks)
            scaled, _ = measure(args.scale_people, goals, args)
            growth = scaled / claiming
            goals.check(f"claiming at {args.scale_people} vs at {args.people} people",
                        growth <= args.goal_scale,
                        f"{growth:.2f}x <= {args.goal_scale}x")  # fmt: skip
    finally:
        import redis

        redis.Redis.from_url(settings.REDIS_URL).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )
    print(f"load average {load_average()}")
    if goals.missed:
        sys.exit(f"goals not met: {', '.join(goals.missed)}")
    print("every goal met")


if __name__ == "__main__":
    main()
