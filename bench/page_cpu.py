"""CPU time of whole requests for one or more pages, in process, as one person.

For comparing a change with the code before it (run it on each, in the same minutes):
each page is requested through the test client and the full middleware, with production
settings, once to warm it, then --rounds times --requests times; it prints the median and
the best round's milliseconds of CPU per request (time.process_time, which a busy machine
distorts less than wall time) and the median wall milliseconds (which include the waits on
PostgreSQL and Redis). Run it on a database `bench/pages.py` has built:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/page_cpu.py liam@promo.example / /evidence/ /mentoring/
    # a form POST instead (each one is a write: quick capture adds a draft every time)
    ... bench/page_cpu.py ingrid@promo.example /evidence/capture/ \
        --form "line=Paired on the flaky deploy" --requests 20
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # run as a script: the project root, not this folder, comes first
from bench.standalone import django_setup  # noqa: E402

# Production settings, as bench/pages.py serves them (bench/profile_page.py does the same).
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["DEBUG"] = "false"
os.environ["SECURE_COOKIES"] = "false"
django_setup(SECRET_KEY="bench", LOG_LEVEL="WARNING")

from django.test import Client  # noqa: E402

from promo.models import User  # noqa: E402


def cpu_ms_per_request(client, path, *, rounds, requests, form=None):
    """(median, best, median wall) milliseconds per request over `rounds` rounds of
    `requests`: GETs, or POSTs of `form` (a dict) when given. The wall time includes the
    waits on PostgreSQL and Redis that CPU time leaves out."""

    def call():
        return client.get(path) if form is None else client.post(path, form)

    response = call()
    if response.status_code not in (200, 302):
        sys.exit(f"{path} answered {response.status_code}")
    per_round, wall_per_round = [], []
    for _ in range(rounds):
        started, wall_started = time.process_time(), time.perf_counter()
        for _ in range(requests):
            call()
        per_round.append((time.process_time() - started) * 1000 / requests)
        wall_per_round.append((time.perf_counter() - wall_started) * 1000 / requests)
    return statistics.median(per_round), min(per_round), statistics.median(wall_per_round)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("email")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--form", help="POST this form (name=value&...) instead of a GET")
    args = parser.parse_args()
    form = dict(parse_qsl(args.form)) if args.form is not None else None
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=args.email))
    for path in args.paths:
        median, best, wall = cpu_ms_per_request(
            client, path, rounds=args.rounds, requests=args.requests, form=form
        )
        print(
            f"{path:40s} {median:6.2f} ms CPU per request (best round {best:.2f}),"
            f" {wall:6.2f} ms wall"
        )


if __name__ == "__main__":
    main()
