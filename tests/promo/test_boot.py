"""The `make run` path on a fresh database: bootstrap, then the Procfile.dev processes
(web server, Celery worker and beat on the filesystem broker) under honcho."""

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow(seconds=50)


SPEED_UP_HEARTBEAT = (
    "from django_celery_beat.models import IntervalSchedule, PeriodicTask;"
    "every = IntervalSchedule.objects.get_or_create(every=2, period='seconds')[0];"
    "PeriodicTask.objects.filter(task='promo.heartbeat').update(interval=every)"
)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The login page with DEBUG=false, through the full stack: 200, with a hashed stylesheet.
RENDER_LOGIN_PAGE = (
    "import re; from django.test import Client;"
    "r = Client(HTTP_HOST='localhost').get('/accounts/login/');"
    r"hashed = re.search(rb'promo\.[0-9a-f]{12}\.css', r.content);"
    "print('PAGE', r.status_code, 'hashed' if hashed else 'plain')"
)


def _zero_setup_env(var_dir, port):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="true",
        PROMO_VAR_DIR=str(var_dir),
        PORT=str(port),
        PATH=f"{BIN}:{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def _get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return json.load(response)
    except OSError:
        return None


def _bootstrap(env):
    return subprocess.run(
        [sys.executable, "manage.py", "bootstrap"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


@pytest.fixture(scope="module")
def fresh_machine(tmp_path_factory):
    """A machine bootstrapped once from nothing: its var folder and what bootstrap printed.
    Bootstrapping migrates and seeds the demo, which takes long, so the module does it once."""
    var_dir = tmp_path_factory.mktemp("machine")
    return var_dir, _bootstrap(_zero_setup_env(var_dir, 0)).stdout


@pytest.fixture
def running_app(fresh_machine):
    var_dir, boot_output = fresh_machine
    port = _free_port()
    env = _zero_setup_env(var_dir, port)
    # Staff can edit beat's schedule in the database; a 2 s heartbeat keeps the test short.
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SPEED_UP_HEARTBEAT],
        cwd=ROOT,
        env=env,
        timeout=60,
        check=True,
    )
    # A file, not a pipe: nobody reads a pipe while the test runs, and once its buffer is
    # full honcho blocks on writing and cannot stop its processes when asked.
    log = (var_dir / f"honcho-{port}.log").open("w")
    app = subprocess.Popen(
        [str(BIN / "honcho"), "-f", "Procfile.dev", "start"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield boot_output, f"http://127.0.0.1:{port}", app
    finally:
        # honcho starts each process in a session of its own, so they are collected now:
        # one that outlives honcho's shutdown would keep running after the test.
        children = _descendants(app.pid)
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGINT)  # what Ctrl-C sends
            try:
                app.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(app.pid, signal.SIGKILL)
                app.wait()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.close()


def _descendants(pid):
    """Every process below `pid`, read from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _log_in(base, email, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(f"{base}/accounts/login/", data=data, timeout=10)
    return opener


def test_the_run_command_boots_a_fresh_machine(running_app):
    boot_output, base, app = running_app
    assert "Demo organisation ready. Log in with:" in boot_output
    email = re.search(r"engineer\s+.+?\s+(\S+@promo\.example)", boot_output).group(1)
    password = re.search(r"password: (\S+)", boot_output).group(1)

    health = _wait_for(lambda: _get_json(f"{base}/healthz"), 60, "the web server")
    assert health["database"] == "ok" and health["broker_kind"] == "filesystem"

    # Beat publishes the heartbeat through the filesystem broker; the worker runs it.
    health = _wait_for(
        lambda: (h := _get_json(f"{base}/healthz")) and h["worker_last_seen"] and h,
        90,
        "beat and the worker to record a heartbeat",
    )
    assert health["status"] == "ok"

    home = _log_in(base, email, password).open(f"{base}/", timeout=10)
    assert home.status == 200
    assert "Hello, Liam" in home.read().decode()


def test_bootstrap_is_idempotent(fresh_machine):
    var_dir, first = fresh_machine
    second = _bootstrap(_zero_setup_env(var_dir, 0)).stdout
    assert "Demo organisation ready" in first
    assert "Demo organisation ready" not in second
    assert "Database ready." in second


def test_bootstrap_collects_static_files_so_production_pages_render(tmp_path):
    env = {**_zero_setup_env(tmp_path, 0), "DEBUG": "false", "SECRET_KEY": "boot-test-" * 6}
    subprocess.run(
        [sys.executable, "manage.py", "bootstrap", "--no-demo"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=True,
    )  # fmt: skip
    page = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", RENDER_LOGIN_PAGE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert "PAGE 200 hashed" in page.stdout, page.stdout + page.stderr
