"""Nudge delivery at company scale: emails per second from two real workers to an SMTP sink.

PostgreSQL and Redis only; loopback only. Seeds N people, each with one due "log your wins"
claim (plain INSERT ... SELECT), starts an aiosmtpd sink on 127.0.0.1, and in one run
measures:

  1. the sink's raw acceptance rate: a plain smtplib loop, one reused connection, in a
     process of its own, sending a real nudge email again and again (the ceiling);
  2. the one-claim path (`deliver_claim`, one claim at a time, as a redelivered single
     claim is still delivered) in a process of its own, for a few hundred claims;
  3. TWO real `celery worker` processes (prefork) on the email queue as production routes
     it, the batches published as the planner publishes them: emails per second at the
     sink from the first email to the last, connections opened, duplicates, and the peak
     RSS (VmHWM) of every worker process.

The database named by DATABASE_URL is wiped: its name must end in "_bench".

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_delivery_bench \\
    REDIS_URL=redis://127.0.0.1:6379/7 \\
    .venv/bin/python bench/nudges_delivery.py --people 20000 --concurrency 2

`--profile` instead delivers one batch in this process under pyinstrument (sink in a
process of its own) and prints where the time goes.
"""

import argparse
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder comes first on the path: put the project root there instead.
sys.path[0] = str(ROOT)
# Production settings, in this process and in the workers it starts.
os.environ.update(DEBUG="false", LOG_LEVEL="WARNING", SITE_URL="https://promo.bench")

from bench.database import ensure_bench_database  # noqa: E402
from bench.standalone import django_setup  # noqa: E402

ensure_bench_database()
django_setup(SECRET_KEY="bench")

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from promo.models import NudgeClaim  # noqa: E402
from promo.nudges import outbox  # noqa: E402
from tests.broker import free_port, install_production_routes  # noqa: E402

BOUND_SECONDS = 75  # the delivery phase stops after this long (the run stays near 3 min)


def seed(people):
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE promo_user, promo_nudgeclaim, promo_notification, promo_nudgesettings, "
            "promo_nudgepreference RESTART IDENTITY CASCADE"
        )
        cursor.execute(
            """
            INSERT INTO promo_user (password, is_superuser, email, display_name, time_zone,
                is_staff, is_active, date_joined)
            SELECT '!', false, 'p' || i || '@bench.example', 'Person ' || i, 'UTC',
                   false, true, now()
            FROM generate_series(1, %s) AS i
            """,
            [people],
        )
        # Every third person chose in-app only, every tenth is on a quiet week: the
        # skipped and in-app paths run too, as on a real Monday.
        cursor.execute(
            "INSERT INTO promo_nudgepreference (person_id, kind, email, in_app, frequency) "
            "SELECT id, 'log_wins', false, true, 'weekly' FROM promo_user WHERE id % 30 = 1"
        )
        cursor.execute(
            "INSERT INTO promo_nudgesettings (person_id, quiet_from, quiet_until) "
            "SELECT id, current_date - 1, current_date + 1 FROM promo_user WHERE id % 50 = 2"
        )
        cursor.execute(
            """
            INSERT INTO promo_nudgeclaim (person_id, kind, period, status, attempts,
                created_at, enqueued_at, not_before, emailed, last_error)
            SELECT id, 'log_wins', '2026-W49', 'pending', 0, now(), now(),
                   now() - interval '1 minute', false, ''
            FROM promo_user ORDER BY id
            """
        )
        cursor.execute("ANALYZE")
    return list(NudgeClaim.objects.order_by("id").values_list("id", flat=True))


def emailed_ids(ids):
    """The claims that end in an email (not in-app only, not on a quiet week)."""
    return [
        claim_id
        for claim_id, person_id in NudgeClaim.objects.filter(id__in=ids).values_list(
            "id", "person_id"
        )
        if person_id % 30 != 1 and person_id % 50 != 2
    ]


class Sink:
    """aiosmtpd handler: counts messages, their recipients and connections, and times them."""

    def __init__(self):
        self.count, self.first, self.last = 0, None, None
        self.recipients, self.peers = Counter(), set()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        now = time.monotonic()
        with self.lock:
            self.count += 1
            self.first = self.first or now
            self.last = now
            self.recipients.update(envelope.rcpt_tos)
            self.peers.add(session.peer)
        return "250 OK"

    def reset(self):
        with self.lock:
            self.count, self.first, self.last = 0, None, None
            self.recipients.clear()
            self.peers.clear()


def child_env(port, **extra):
    return {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


RAW_LOOP = """
import smtplib, sys, time
port, seconds, path = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
message = open(path, "rb").read()
deadline = time.monotonic() + seconds
with smtplib.SMTP("127.0.0.1", port) as smtp:
    while time.monotonic() < deadline:
        smtp.sendmail("promo@bench.example", ["raw@bench.example"], message)
"""


def raw_sink_rate(sink, port, seconds, workdir):
    """Emails per second a plain smtplib loop on one connection gets through the sink,
    sending a real nudge email (rendered once) again and again."""
    from promo.nudges.letters import Letter
    from promo.nudges.registry import KINDS

    claim = NudgeClaim.objects.select_related("person").order_by("-id").first()
    letter = Letter(claim, KINDS[claim.kind].message(claim))
    path = workdir / "raw.eml"
    path.write_bytes(letter.email_for(claim.person, claim.kind).message().as_bytes(linesep="\r\n"))
    sink.reset()
    subprocess.run(
        [sys.executable, "-c", RAW_LOOP, str(port), str(seconds), str(path)],
        check=True, timeout=seconds + 60,
    )  # fmt: skip
    return (sink.count - 1) / (sink.last - sink.first), sink.count


ONE_BY_ONE = """
import os, sys, time
import django
django.setup()
from promo.nudges.delivery import deliver_claim
ids, seconds = [int(i) for i in sys.argv[1].split(",")], float(sys.argv[2])
deliver_claim(ids.pop(0))  # the first loads the URLs and templates
started = time.monotonic()
done = 0
while ids and time.monotonic() - started < seconds:
    deliver_claim(ids.pop(0))
    done += 1
print(done, done / (time.monotonic() - started))
"""


def one_by_one_rate(port, ids, seconds):
    """(claims, claims per second) through the one-claim path, in a process of its own:
    a connection and a prepare per claim."""
    result = subprocess.run(
        [sys.executable, "-c", ONE_BY_ONE, ",".join(map(str, ids)), str(seconds)],
        cwd=ROOT, env=child_env(port), check=True, timeout=seconds + 90,
        capture_output=True, text=True,
    )  # fmt: skip
    done, rate = result.stdout.strip().splitlines()[-1].split()
    return int(done), float(rate)


def process_tree(pid):
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split()
            stack.extend(int(child) for child in children)
    return pids


def peak_rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def start_worker(queue, email_queue, port, concurrency, log):
    command = [
        sys.executable, "-m", "celery", "-A", "tests.nudges.celery_app", "worker",
        "--pool=prefork", f"--concurrency={concurrency}", "--prefetch-multiplier=1",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
        f"--queues={email_queue}", f"--hostname=bench-{uuid.uuid4().hex[:8]}@localhost",
    ]  # fmt: skip
    env = child_env(port, PROMO_TEST_QUEUE=queue, PROMO_TEST_ROUTED="1")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def two_workers(sink, port, ids, expected, concurrency, workdir):
    """(emails/s at the sink, seconds from publishing to the last email, peak RSS per
    process in KiB, whether everything arrived)."""
    queue = f"promo-bench-{uuid.uuid4().hex[:8]}"
    queues = install_production_routes(queue)
    logs = [open(workdir / f"worker-{n}.log", "w") for n in range(2)]  # noqa: SIM115
    workers = [start_worker(queue, queues["email"], port, concurrency, log) for log in logs]
    try:
        ready = wait_until(
            lambda: all("ready." in (workdir / f"worker-{n}.log").read_text() for n in range(2)),
            60,
        )
        if not ready:
            sys.exit("the workers did not start within 60 s")
        sink.reset()
        published = time.monotonic()
        outbox.publish_deliveries(ids, probe=True)
        done = wait_until(lambda: sink.count >= expected, BOUND_SECONDS)
        if not done:  # bounded: report what arrived
            print(f"  (stopped after {BOUND_SECONDS}s with {sink.count} of {expected})")
        wait_until(
            lambda: (
                not NudgeClaim.objects.filter(
                    status__in=[*NudgeClaim.OPEN, NudgeClaim.Status.SENDING]
                ).exists()
            ),
            10,
        )
        peaks = [{pid: peak_rss_kib(pid) for pid in process_tree(worker.pid)} for worker in workers]
    finally:
        for worker in workers:
            stop(worker)
        for log in logs:
            log.close()
        import redis

        server = redis.Redis.from_url(settings.REDIS_URL)
        for key in server.scan_iter(match=f"*{queue}*"):
            server.delete(key)
    rate = (sink.count - 1) / (sink.last - sink.first) if sink.count > 1 else 0.0
    return rate, sink.last - published, peaks, done


def profile_one_batch(ids):
    """One batch delivered in this process under pyinstrument; the sink runs apart."""
    from pyinstrument import Profiler

    from promo.nudges.batches import deliver_batch

    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(1.5)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        deliver_batch(ids[:1])  # the first loads the URLs and templates, as a worker does once
        batch = ids[1 : outbox.BATCH_SIZE + 1]
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with profiler:
            deliver_batch(batch)
        elapsed = time.perf_counter() - started
        print(f"one batch of {len(batch)} claims in {elapsed:.2f}s "
              f"= {len(batch) / elapsed:.0f} claims/s")  # fmt: skip
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    finally:
        sink.terminate()
        sink.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=2, help="prefork children per worker")
    parser.add_argument("--baseline-seconds", type=float, default=6, help="for each baseline")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if not settings.REDIS_URL:
        sys.exit("REDIS_URL must be set: the workers take their batches from a real broker.")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command

    started = time.perf_counter()
    ids = seed(args.people)
    print(f"seeded {len(ids)} people with a due claim each in {time.perf_counter() - started:.1f}s")
    if args.profile:
        profile_one_batch(ids)
        return
    print(f"load average before: {' '.join(os.getloadavg().__str__().strip('()').split(', '))}")
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            workdir = Path(folder)
            raw, count = raw_sink_rate(sink, port, args.baseline_seconds, workdir)
            print(f"sink, smtplib loop:  {raw:.0f} emails/s ({count} on one connection)")
            # Every other claim: the in-app-only and quiet ones are spread evenly.
            done, single = one_by_one_rate(port, ids[:1000:2], args.baseline_seconds)
            print(f"one-claim path:      {single:.0f} claims/s ({done} claims, one process)")
            rest = list(
                NudgeClaim.objects.filter(status=NudgeClaim.Status.PENDING)
                .order_by("id")
                .values_list("id", flat=True)
            )
            expected = len(emailed_ids(rest))
            rate, seconds, peaks, done = two_workers(
                sink, port, rest, expected, args.concurrency, workdir
            )
    finally:
        controller.stop()
    processes = [kib for worker in peaks for kib in worker.values()]
    statuses = Counter(NudgeClaim.objects.filter(id__in=rest).values_list("status", flat=True))
    finished = statuses["sent"] + statuses["skipped"]
    print(f"two workers x {args.concurrency}: {rate:.0f} emails/s at the sink, first to last "
          f"({sink.count} of {expected} emails; {finished} of {len(rest)} claims done "
          f"{seconds:.1f}s after publishing)")  # fmt: skip
    print(f"  = {rate / raw:.2f}x the sink's raw rate, {rate / single:.1f}x the one-claim path")
    print(f"  connections: {len(sink.peers)} for {-(-len(rest) // outbox.BATCH_SIZE)} batches; "
          f"most emails to one address: {max(sink.recipients.values(), default=0)}")  # fmt: skip
    print(f"  claims: {dict(sorted(statuses.items()))}")
    print(f"  peak RSS per process (MiB): "
          f"{', '.join(f'{kib / 1024:.0f}' for kib in processes)}; max "
          f"{max(processes) / 1024:.0f}, total {sum(processes) / 1024:.0f}")  # fmt: skip
    print(
        f"  1M employees' Monday reminder (666,000 emails) at {rate:.0f}/s: "
        f"{666_000 / rate / 60:.0f} min ({'within' if rate >= 185 else 'over'} an hour)"
    )
    print(f"load average after: {' '.join(os.getloadavg().__str__().strip('()').split(', '))}")
    if max(sink.recipients.values(), default=0) > 1:
        sys.exit("an address got more than one email")
    if not done:
        print(f"(bounded: the delivery phase stopped after {BOUND_SECONDS}s)")


if __name__ == "__main__":
    main()
