"""Database connections per request, three ways, in one run: a kept connection (the
default, CONN_MAX_AGE=600), Django's psycopg pool (DATABASE_POOL=true) and a new connection
per request (?conn_max_age=0, no pool, the slow reference).

Each way gets its own gunicorn (2 sync workers, DEBUG=false, Redis cache, `bench.settings`)
on the demo organisation, and wrk on loopback measures the authenticated floor and the
engineer's home page. The ways take turns for `--rounds` rounds, so a change in the
machine's load falls on all of them alike; the table reports each figure's median.

Then, because req/s on a shared machine moves with everyone else's work, each way is also
timed in a process of its own through Django's WSGI handler (one request at a time, the
connection closed or returned as each request finishes, as gunicorn does): the median
wall time of a request, over `--requests` of each page, the ways again taking turns.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_pool_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/db_pool.py [--seconds 5] [--rounds 3]

The database named must end in `_bench`: it is dropped and created again.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
from bench.pages import LOAD, rebuild_database  # noqa: E402 - sets the bench environment

ENGINEER = "liam@promo.example"
WAYS = {
    "kept connection (default)": {"DATABASE_POOL": "false"},
    "pool (DATABASE_POOL=true)": {"DATABASE_POOL": "true"},
    "new connection per request": {"DATABASE_POOL": "false", "conn_max_age": "0"},
}


def build():
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()


def serve(way, pages, cookie, seconds):
    """{page: wrk result} from a gunicorn started with `way`'s environment."""
    from bench.web import assert_page_ok, gunicorn, wrk

    url = os.environ["DATABASE_URL"].split("?")[0]
    saved = {key: os.environ.get(key) for key in ("DATABASE_URL", "DATABASE_POOL")}
    os.environ["DATABASE_POOL"] = way["DATABASE_POOL"]
    if "conn_max_age" in way:
        os.environ["DATABASE_URL"] = f"{url}?conn_max_age={way['conn_max_age']}"
    try:
        with gunicorn(app="bench.wsgi", settings_module="bench.settings") as base:
            for path in pages.values():
                assert_page_ok(base, path, cookie)
                wrk(base, path, cookie, seconds=1)  # warm both workers
            return {
                label: wrk(base, path, cookie, seconds=seconds, **LOAD)
                for label, path in pages.items()
            }
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def served(pages, cookie, args):
    """The ways in turn under wrk, `args.rounds` times; prints each run and the medians."""
    results = {(way, page): [] for way in WAYS for page in pages}
    for round_ in range(args.rounds):
        for way, environment in WAYS.items():
            for page, result in serve(environment, pages, cookie, args.seconds).items():
                results[way, page].append(result)
                print(f"round {round_ + 1} {way:<28} {page:<20} {result.line()}", flush=True)
    print(f"\n{'way':<28} {'page':<20} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>7}")
    for (way, page), runs in results.items():
        rps = statistics.median(run.requests_per_second for run in runs)
        p50 = statistics.median(run.p50_ms for run in runs)
        p99 = statistics.median(run.p99_ms for run in runs)
        non_2xx = sum(run.non_2xx for run in runs)
        print(f"{way:<28} {page:<20} {rps:>7.0f} {p50:>7.1f} {p99:>7.1f} {non_2xx:>7}")


def one_way(requests):
    """In this process (its environment set for one way): {page: median ms} over
    `requests` requests of each page through the WSGI handler."""
    import io
    import json

    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import reverse

    from bench.web import session_cookie_for
    from promo.models import User

    cookie = session_cookie_for(User.objects.get(email=ENGINEER))
    handler = WSGIHandler()
    pages = {"authenticated floor": "/_bench/authenticated/", "engineer home": reverse("home")}

    def request(path):
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie, "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }  # fmt: skip
        status = []
        response = handler(environ, lambda s, h: status.append(s))
        b"".join(response)
        response.close()  # request_finished: the connection is closed or returned
        assert status[0].startswith("200"), status

    medians = {}
    for label, path in pages.items():
        request(path)  # warm
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            request(path)
            times.append((time.perf_counter() - started) * 1000)
        medians[label] = statistics.median(times)
    print(json.dumps(medians))


def in_process(rounds, requests):
    import json
    import subprocess

    results = {}
    for _ in range(rounds):
        for way, environment in WAYS.items():
            env = {**os.environ, "DATABASE_POOL": environment["DATABASE_POOL"]}
            if "conn_max_age" in environment:
                url = env["DATABASE_URL"].split("?")[0]
                env["DATABASE_URL"] = f"{url}?conn_max_age={environment['conn_max_age']}"
            out = subprocess.run(
                [sys.executable, __file__, "--one-way", str(requests)],
                env=env, capture_output=True, text=True, check=True, timeout=600,
            ).stdout  # fmt: skip
            for page, ms in json.loads(out.strip().splitlines()[-1]).items():
                results.setdefault((way, page), []).append(ms)
    print(f"\nin process, median ms of one request ({requests} per page, {rounds} turns each)")
    for (way, page), runs in results.items():
        print(f"{way:<28} {page:<20} {statistics.median(runs):>7.2f} ms   turns: "
              + " ".join(f"{ms:.2f}" for ms in runs))  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk run per page")
    parser.add_argument("--rounds", type=int, default=3, help="turns each way takes")
    parser.add_argument("--requests", type=int, default=300, help="in process, per page")
    parser.add_argument("--one-way", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--no-build", action="store_true", help="reuse the bench database")
    args = parser.parse_args()
    if args.one_way:
        return one_way(args.one_way)

    if not args.no_build:
        rebuild_database()
    import django

    django.setup()
    from django.urls import reverse

    from bench.web import session_cookie_for
    from promo.models import User

    started = time.monotonic()
    if not args.no_build:
        build()
    cookie = session_cookie_for(User.objects.get(email=ENGINEER))
    pages = {"authenticated floor": "/_bench/authenticated/", "engineer home": reverse("home")}
    print(f"built in {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f}")
    if args.seconds:  # --seconds 0: only the in-process timing
        served(pages, cookie, args)
    in_process(args.rounds, args.requests)
    print(f"load average {os.getloadavg()[0]:.1f}; {time.monotonic() - started:.0f} s in all")


if __name__ == "__main__":
    main()
