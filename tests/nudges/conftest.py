"""Nudge fixtures: a real SMTP server on loopback, a due engineer, and Celery workers
started as real processes against the test database."""

import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from promo.celery import app
from tests.broker import free_port
from tests.conftest import require
from tests.workers import database_url_for_processes

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


class Inbox:
    """aiosmtpd handler: keeps every message, and the client's address and port it came
    over (`peers`: one per connection); `on_message(n)` runs before the 250 reply."""

    def __init__(self):
        self.messages = []
        self.peers = []
        self.on_message = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
            self.peers.append(session.peer)
            count = len(self.messages)
        if self.on_message:
            self.on_message(count)
        return "250 Message accepted"

    def recipients(self):
        with self.lock:
            return [message["To"] for message in self.messages]


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1; `smtp.port`, `smtp.inbox`."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.inbox = inbox
    yield controller
    controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp.port
    settings.SITE_URL = "https://promo.test"
    return smtp


class RejectingRecipients(Inbox):
    """A mail server that answers, and refuses every recipient."""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        return "550 5.1.1 No such mailbox"


@pytest.fixture
def rejecting_smtp_settings(settings):
    """Settings for a real SMTP server on 127.0.0.1 that takes part, then says 550 on RCPT."""
    controller = Controller(RejectingRecipients(), hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.SITE_URL = "https://promo.test"
    yield controller
    controller.stop()


@pytest.fixture
def black_holed_smtp():
    """A listening socket never accepted: connecting works, no greeting ever comes."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield sock.getsockname()[1]
    sock.close()


def require_postgres():
    require(
        connection.vendor == "postgresql",
        "DATABASE_URL is not PostgreSQL: a worker process cannot share an in-memory SQLite",
    )


def require_services():
    require(settings.REDIS_URL, "REDIS_URL is not set: the worker tests need a real Redis")
    require_postgres()


@pytest.fixture
def queue():
    """A queue of this test's own, for the worker and for in-process publishing."""
    require(settings.REDIS_URL, "REDIS_URL is not set: the worker tests need a real Redis")
    name = f"promo-test-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name
    yield name
    app.conf.task_default_queue = previous
    import redis

    # The queue (and, routed, its email/exports/snapshots siblings), and the exchange
    # bindings kombu keeps for them.
    server = redis.Redis.from_url(settings.REDIS_URL)
    for pattern in (f"{name}*", f"_kombu.binding.{name}*", f"_kombu.binding_permanent.{name}*"):
        for key in server.scan_iter(match=pattern):
            server.delete(key)


class Workers:
    """Starts `celery worker` processes on the live test database; kills them at the end."""

    def __init__(self, queue, smtp, tmp_path):
        self.queue, self.smtp, self.tmp_path = queue, smtp, tmp_path
        self.processes = []
        self.routed = False  # True: tasks routed as in production (tests.broker)
        self.smtp_port = smtp.port  # another port: a mail server that misbehaves

    def env(self):
        env = {**os.environ}
        env.update(
            DATABASE_URL=database_url_for_processes("?conn_max_age=0"),
            REDIS_URL=settings.REDIS_URL,
            PROMO_TEST_QUEUE=self.queue,
            PROMO_TEST_ROUTED="1" if self.routed else "",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            SITE_URL="https://promo.test",
            DEBUG="true",
            PROMO_VAR_DIR=str(self.tmp_path),
            PYTHONUNBUFFERED="1",
        )
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return env

    def start(self, *, beat=False, queues=None, prefork=0):
        """A worker on `queues` (default: the test's queue); `prefork=n` runs it as
        production does, n child processes under a parent, rather than in one process."""
        pool = ["--pool=prefork", f"--concurrency={prefork}"] if prefork else ["--pool=solo"]
        command = [
            sys.executable, "-m", "celery", "-A", "tests.nudges.celery_app", "worker",
            *pool, "--without-gossip", "--without-mingle", "--loglevel=INFO",
            f"--queues={','.join(queues or [self.queue])}",
            f"--hostname=nudges-{uuid.uuid4().hex[:8]}@localhost",
        ]  # fmt: skip
        if beat:
            command += ["--beat", f"--schedule={self.tmp_path / 'beat-schedule'}"]
        return self._spawn(command)

    def start_beat(self):
        """Beat on its own, as production runs it, so killing a worker leaves it running."""
        return self._spawn(
            [sys.executable, "-m", "celery", "-A", "tests.nudges.celery_app", "beat",
             "--loglevel=INFO", f"--schedule={self.tmp_path / 'beat-schedule'}"]
        )  # fmt: skip

    def _spawn(self, command):
        log = open(self.tmp_path / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def kill(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def logs(self):
        return "\n".join(path.read_text() for path in sorted(self.tmp_path.glob("worker-*.log")))

    def stop_all(self):
        # The test has judged what the workers did; a warm shutdown would only wait for
        # their pools to drain (seconds per test), so the whole process group goes at once.
        for process in self.processes:
            self.kill(process)


@pytest.fixture
def workers(queue, smtp, tmp_path, transactional_db):
    require_services()
    started = Workers(queue, smtp, tmp_path)
    yield started
    started.stop_all()
