"""A small fleet as real processes on loopback: gunicorn web servers, prefork Celery
workers and one beat, all on the live test database and this run's Redis queues."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings

from tests.broker import free_port
from tests.workers import database_url_for_processes

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CELERY_APP = "tests.nudges.celery_app"  # promo's app, on queues named after the test's


class Fleet:
    """Starts and stops the processes; each one's output goes to a log in `var`."""

    def __init__(self, *, queue, queues, smtp_port, var):
        self.queue, self.queues, self.smtp_port, self.var = queue, queues, smtp_port, var
        self.processes = {}  # name -> Popen
        self.logs = []

    def env(self):
        env = {**os.environ}
        env.update(
            DATABASE_URL=database_url_for_processes(),
            REDIS_URL=settings.REDIS_URL,
            DJANGO_SETTINGS_MODULE="tests.scaleout.settings",
            DEBUG="false",
            # Every host of a fleet signs with one key: sessions, CSRF and unsubscribe
            # links made by one are read by the others (and by this test's process).
            SECRET_KEY=settings.SECRET_KEY,
            SECURE_COOKIES="false",  # plain HTTP on loopback
            PROMO_TEST_QUEUE=self.queue,
            PROMO_TEST_ROUTED="1",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            SITE_URL="https://promo.test",
            PROMO_VAR_DIR=str(self.var),
            # Four simulated people each send more than a person would; the per-token
            # limit has its own tests (tests/api/test_auth.py).
            API_RATE_LIMIT_PER_MINUTE="6000",
            PYTHONUNBUFFERED="1",
        )
        return env

    def _spawn(self, name, command):
        log = open(self.var / f"{name}-{len(self.logs)}.log", "w")  # noqa: SIM115
        self.logs.append(log.name)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes[name] = process
        return process

    def web(self, name, port):
        """gunicorn as the Procfile runs it (2 sync workers), on 127.0.0.1:`port`."""
        return self._spawn(
            name,
            [str(BIN / "gunicorn"), "tests.scaleout.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--graceful-timeout", "20", "--access-logfile", "-"],
        )  # fmt: skip

    def worker(self, name):
        """A prefork worker on every queue, with a hostname of its own. One child each:
        two workers are the point, and every process boots Django on a 2-core box."""
        return self._spawn(
            name,
            [sys.executable, "-m", "celery", "-A", CELERY_APP, "worker", "--pool=prefork",
             "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=INFO",
             f"--queues={','.join(self.queues)}",
             f"--hostname={name}-{uuid.uuid4().hex[:6]}@localhost"],
        )  # fmt: skip

    def beat(self):
        """One beat, with the DatabaseScheduler settings name."""
        return self._spawn(
            "beat",
            [sys.executable, "-m", "celery", "-A", CELERY_APP, "beat", "--loglevel=INFO",
             f"--schedule={self.var / 'beat-schedule'}"],
        )  # fmt: skip

    def terminate(self, name, timeout=40):
        """SIGTERM, as a deploy stops a process, and wait for it to finish what it holds."""
        process = self.processes[name]
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)

    def kill(self, name):
        """SIGKILL to the whole process group: the parent and its pool's children."""
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self):
        for name in list(self.processes):
            self.kill(name)

    def log_tail(self, chars=4000):
        text = "\n".join(f"== {path}\n{Path(path).read_text()[-chars:]}" for path in self.logs)
        return text[-4 * chars :]


def wait_until_serving(base, timeout=60):
    """Poll /healthz until the server answers 200; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base} did not answer /healthz within {timeout}s")


def two_free_ports():
    first = free_port()
    while (second := free_port()) == first:
        pass
    return first, second
