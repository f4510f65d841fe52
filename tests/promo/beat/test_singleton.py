"""Two real `celery beat` processes on one schedule (real Redis, PostgreSQL), with the
production lock expiry: only the lock's holder sends; killed with -9, the other takes over
within the expiry; stopped cleanly, a holder frees the lock at once. Without Redis (the
zero-setup run's filesystem broker) the same holds through a file lock."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from promo.web.beat import FileLock
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[3]
TICK = "beat test: every second"
SENT = re.compile(rf"Sending due task {TICK}")


class Beats:
    def __init__(self, tmp_path, queue, *, redis=True):
        self.tmp_path, self.queue, self.processes = tmp_path, queue, []
        self.redis = redis

    def env(self):
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        env = {**os.environ, "PROMO_TEST_QUEUE": self.queue, "DEBUG": "true"}
        env.update(
            DATABASE_URL=f"postgres://{quote(db['USER'] or '')}{password}@{db['HOST']}:"
            f"{db['PORT'] or 5432}/{db['NAME']}?conn_max_age=0",
            REDIS_URL=settings.REDIS_URL,
            PROMO_VAR_DIR=str(self.tmp_path),
            PYTHONUNBUFFERED="1",
        )
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("BEAT_LOCK_SECONDS", None)  # production's expiry, not a shortcut
        if not self.redis:  # the filesystem broker in PROMO_VAR_DIR, and the file lock
            env.pop("REDIS_URL")
        return env

    def start(self):
        index = len(self.processes)
        log = open(self.tmp_path / f"beat-{index}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tests.promo.beat.celery_app", "beat",
             "--loglevel=INFO", f"--schedule={self.tmp_path / f'schedule-{index}'}"],
            cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return index

    def log(self, index):
        return (self.tmp_path / f"beat-{index}.log").read_text()

    def sent(self, index):
        return len(SENT.findall(self.log(index)))

    def kill(self, index, sig=signal.SIGKILL):
        process = self.processes[index]
        if process.poll() is None:
            os.killpg(process.pid, sig)
        process.wait(timeout=20)

    def logs(self):
        return "\n".join(f"--- beat {i}\n{self.log(i)[-2000:]}" for i in range(len(self.processes)))


def wait_for(predicate, seconds, what, beats):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds}s waiting for {what}\n{beats.logs()}")


def _every_second():
    PeriodicTask.objects.update(enabled=False)
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period="seconds")
    PeriodicTask.objects.create(name=TICK, task="promo.heartbeat", interval=every_second)


@pytest.fixture
def beats(tmp_path, transactional_db):
    require(settings.REDIS_URL, "REDIS_URL is not set: beat's lock lives in Redis")
    require(connection.vendor == "postgresql", "beat processes need a shared PostgreSQL")
    _every_second()
    started = Beats(tmp_path, f"promo-test-beat-{uuid.uuid4().hex[:12]}")
    yield started
    for index in range(len(started.processes)):
        started.kill(index)
    server = redis.Redis.from_url(settings.REDIS_URL)
    for key in server.scan_iter(match=f"*{started.queue}*"):
        server.delete(key)


@pytest.fixture
def beats_without_redis(tmp_path, transactional_db):
    require(connection.vendor == "postgresql", "beat processes need a shared PostgreSQL")
    _every_second()
    started = Beats(tmp_path, f"promo-test-beat-{uuid.uuid4().hex[:12]}", redis=False)
    yield started
    for index in range(len(started.processes)):
        started.kill(index)


def two_beats(beats):
    """Start two beats together (they race for the lock); once one sends and the other
    waits, (the holder, the waiting one)."""
    both = beats.start(), beats.start()

    def one_sends_the_other_waits():
        sent = [beats.sent(i) for i in both]
        waits = ["another beat holds the schedule" in beats.log(i) for i in both]
        return min(sent) == 0 < max(sent) and waits[sent.index(0)]

    wait_for(one_sends_the_other_waits, 40, "one beat to send, the other to wait", beats)
    first, second = sorted(both, key=beats.sent, reverse=True)
    return first, second


@pytest.mark.slow(seconds=50)
def test_only_one_beat_sends_and_the_other_takes_over_when_it_dies(beats):
    first, second = two_beats(beats)
    before = beats.sent(first)
    time.sleep(3)
    assert beats.sent(first) > before, beats.logs()  # the holder keeps sending...
    assert beats.sent(second) == 0, beats.logs()  # ...and the other only waits

    beats.kill(first)
    killed = time.monotonic()
    took_over = wait_for(lambda: beats.sent(second) >= 1, 40, "the takeover", beats)
    # Within the expiry, plus one wait between the waiting beat's attempts.
    assert took_over - killed <= settings.BEAT_LOCK_SECONDS + 5 + 2, beats.logs()
    print(f"\nthe second beat sent {took_over - killed:.1f}s after the first was killed")

    lock = redis.Redis.from_url(settings.REDIS_URL).exists(f"promo:beat-lock:{beats.queue}")
    assert lock == 1
    beats.kill(second, signal.SIGTERM)  # a clean stop frees the lock at once
    lock = redis.Redis.from_url(settings.REDIS_URL).exists(f"promo:beat-lock:{beats.queue}")
    assert lock == 0, beats.logs()


def test_without_redis_a_file_lock_lets_one_beat_hold_the_schedule(tmp_path):
    first, second = FileLock(tmp_path / "beat.lock"), FileLock(tmp_path / "beat.lock")
    assert first.hold(False) is True
    assert second.hold(False) is False
    first.release()
    assert second.hold(False) is True
    second.release()


@pytest.mark.slow(seconds=40)
def test_without_redis_one_beat_holds_the_file_lock_until_it_dies(beats_without_redis):
    beats = beats_without_redis
    first, second = two_beats(beats)
    time.sleep(3)
    assert beats.sent(second) == 0, beats.logs()
    assert (beats.tmp_path / "celery" / "beat.lock").exists()

    beats.kill(first)  # the kernel drops a dead process's flock at once
    killed = time.monotonic()
    took_over = wait_for(lambda: beats.sent(second) >= 1, 30, "the takeover", beats)
    print(f"\nwithout Redis, the second beat sent {took_over - killed:.1f}s after the kill")
