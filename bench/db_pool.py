"""Database connections per request, three ways, in one run: a kept connection (the
default, CONN_MAX_AGE=600), Django's psycopg pool (DATABASE_POOL=true) and a new connection
per request (?conn_max_age=0, no pool, the slow reference).

Each way gets its own gunicorn (2 sync workers, DEBUG=false, Redis cache, `bench.settings`)
on the demo organisation, and wrk on loopback measures the authenticated floor and the
engineer's home page. The ways take turns for `--rounds` rounds, so a change in the
machine's load falls on all of them alike; the table reports each figure's median.

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk run per page")
    parser.add_argument("--rounds", type=int, default=3, help="turns each way takes")
    args = parser.parse_args()

    rebuild_database()
    import django

    django.setup()
    from django.urls import reverse

    from bench.web import session_cookie_for
    from promo.models import User

    started = time.monotonic()
    build()
    cookie = session_cookie_for(User.objects.get(email=ENGINEER))
    pages = {"authenticated floor": "/_bench/authenticated/", "engineer home": reverse("home")}
    print(f"built in {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f}")
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
    print(f"load average {os.getloadavg()[0]:.1f}; {time.monotonic() - started:.0f} s in all")


if __name__ == "__main__":
    main()
