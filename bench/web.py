"""Serve promo with gunicorn on loopback and measure pages with wrk, in one run.

Machines here are noisy (about ±25% run to run), so every figure is reported as a ratio
against a baseline page measured by the same gunicorn, in the same run, right before.
Traffic goes to 127.0.0.1 only; every wrk run is bounded in time.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class WrkResult:
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int

    def line(self):
        return (
            f"{self.path:<40} {self.requests_per_second:>9.1f} req/s   "
            f"p50 {self.p50_ms:>7.1f} ms   p99 {self.p99_ms:>7.1f} ms   non-2xx {self.non_2xx}"
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie_for(user):
    """A real logged-in session for `user`, as the cookie a browser would send."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


@contextmanager
def gunicorn(workers=2, *, app="promo.wsgi", settings_module="promo.settings"):
    """gunicorn with sync workers, production-like settings, on a free loopback port."""
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": settings_module,
    }
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _ms(text):
    value, unit = float(re.match(r"([\d.]+)", text).group(1)), re.sub(r"[\d.]", "", text)
    return value * {"us": 0.001, "ms": 1, "s": 1000}.get(unit, 1)


def wrk(
    base, path, cookie, *, seconds=10, connections=8, threads=2, headers=(), script=None, timeout=30
):
    """One bounded wrk run. `headers` are extra "Name: value" lines; `script` a Lua file
    (for a POST). Counts the responses that were not 2xx or 3xx."""
    extra = [arg for header in headers for arg in ("-H", header)]
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"--timeout={timeout}s",
            "-H",
            f"Cookie: {cookie}",
            "-H",
            "Host: 127.0.0.1",
            *extra,
            *(["-s", str(script)] if script else []),
            f"{base}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    # Anchored to the start of a line: a thread-stats column such as "68.50%" also ends in "50%".
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    return WrkResult(path, rps, p50, p99, non_2xx)


def assert_page_ok(base, path, cookie):
    """wrk counts redirects as success; make sure the page really answers 200 first."""
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        if response.status != 200 or response.url != f"{base}{path}":
            sys.exit(f"{path} answered {response.status} at {response.url}, not 200")
