"""The page benchmark: every page people open daily, as a ratio to the authenticated floor.

One run rebuilds its own database (the demo org plus `bench/seed.py`), collects the static
files, serves promo with gunicorn (2 sync workers, DEBUG=false, PostgreSQL, Redis cache) and
drives each page with wrk on loopback. The floors are measured by the same server in the same
run: a bare view with no middleware, and a `login_required` one-line view through the full
middleware (`bench/urls.py`, mounted only by `bench/settings.py`). Then, with three years of
weekly evidence added for the engineer, the engineer's pages are measured again.

It prints one table (req/s, p50, p99, queries, HTML size, gzip size, ratio, goal) and exits
non-zero when a page misses its goal, sends over 60 KB of HTML, is not compressed, or loses
more than 20% of its CPU ratio (floor CPU / page CPU, in process) with the history.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/pages.py [--seconds 3] [--people 0] [--weeks 156] [--threads 50]
            [--candidates 50] [--only TEXT]

`--candidates N` nominates N engineers in a promotion cycle in review (`seed.seed_cycle`),
judged by a committee member who is a persona here: their calibration grid is a page.
`--only TEXT` builds the same database but measures only the pages whose "persona label"
contains TEXT (with the floors, and the history phase only if one of them has it): a
quick look at one page, not a run whose figures are reported.

The database named must end in `_bench`: it is dropped and created again. The Redis db is
flushed (it holds the rendered-fragment cache of the database that was dropped).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("SECRET_KEY", "bench")
os.environ["DEBUG"] = "false"
os.environ["SECURE_COOKIES"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")

HISTORY_TOLERANCE = 0.20
# Two sync workers: four connections keep both busy, and one wrk thread takes less of the
# two cores from the server than two would.
LOAD = {"connections": 4, "threads": 1}
FLOOR_SECONDS = 2
LIST_GOAL, PAGE_GOAL, LAYOUT_GOAL = 0.4, 0.3, 0.6
CSRF_SECRET = "b" * 32  # an unmasked token: Django accepts the cookie's secret as the header


@dataclass
class Page:
    persona: str
    label: str
    path: str
    goal: float
    post: str = ""  # a form body: the page is a POST
    history: bool = False  # measured again once the engineer has three years of evidence


def _database_name():
    url = os.environ.get("DATABASE_URL", "")
    name = urlsplit(url).path.lstrip("/")
    if not url.startswith(("postgres://", "postgresql://")) or not name.endswith("_bench"):
        sys.exit("DATABASE_URL must name a PostgreSQL database ending in _bench (it is rebuilt)")
    if not os.environ.get("REDIS_URL"):
        sys.exit("REDIS_URL is required: production caches in Redis")
    return url, name


def rebuild_database():
    """Drop and create the bench database, before Django connects to it."""
    import psycopg

    url, name = _database_name()
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def build(args):
    from django.core.cache import cache
    from django.core.management import call_command

    from bench import seed
    from bench.database import analyze
    from promo.models import User
    from reviews.models import ReviewRound

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    cache.clear()
    review_round = ReviewRound.objects.filter(status="open", threads__isnull=False).first()
    seed.seed_threads(review_round, args.threads)
    if args.people:
        manager = User.objects.get(email="maya@promo.example")
        mentor = User.objects.get(email="ingrid@promo.example")
        seed.seed_people(manager, args.people, weeks=args.weeks, mentor=mentor)
    if args.candidates:
        seed.seed_cycle(args.candidates)
    analyze()
    call_command("collectstatic", interactive=False, verbosity=0)
    return review_round


def pages_for(review_round):
    from django.urls import reverse

    from bench import seed
    from evidence.models import Artifact
    from promo.models import Candidacy, Committee

    engineer = review_round.document.candidacy.person
    artifact = Artifact.objects.filter(owner=engineer).order_by("-happened_on").first()
    candidacy = Candidacy.objects.filter(person=engineer).order_by("-pk").first()
    version = review_round.version
    round_url = reverse("reviews_round", args=[review_round.pk])
    return engineer, [
        Page("engineer", "layout only (no mentees)", reverse("mentoring"), LAYOUT_GOAL),
        Page("engineer", "home", reverse("home"), LIST_GOAL, history=True),
        Page("engineer", "evidence", reverse("evidence_list"), LIST_GOAL, history=True),
        Page("engineer", "this week", reverse("this_week"), LIST_GOAL, history=True),
        Page(
            "engineer",
            "evidence detail",
            reverse("evidence_detail", args=[artifact.pk]),
            PAGE_GOAL,
            history=True,
        ),
        Page("engineer", "case", reverse("case"), PAGE_GOAL, history=True),
        Page("engineer", "readiness", reverse("readiness"), PAGE_GOAL, history=True),
        Page("engineer", "check-ins", reverse("checkins_due"), LIST_GOAL, history=True),
        Page("engineer", "notifications", reverse("notifications"), LIST_GOAL, history=True),
        Page("engineer", "review round", round_url, PAGE_GOAL),
        Page(
            "mentor",  # not the engineer: each POST adds a draft to their week
            "quick capture POST",
            reverse("quick_capture"),
            PAGE_GOAL,
            post="line=Paired+on+the+flaky+deploy",
        ),
        Page("mentor", "review round", round_url, PAGE_GOAL),
        Page(
            "mentor",
            "document version",
            reverse("reviews_version", args=[version.document_id, version.number]),
            PAGE_GOAL,
        ),
        Page("mentor", "mentoring", reverse("mentoring"), PAGE_GOAL),
        Page("mentor", "notifications", reverse("notifications"), LIST_GOAL),
        Page("manager", "team", reverse("team"), PAGE_GOAL),
        Page("director", "team, whole org", reverse("team") + "?scope=org", PAGE_GOAL),
        Page(
            "manager",
            "person readiness",
            reverse("person_readiness", args=[engineer.pk]),
            PAGE_GOAL,
            history=True,
        ),
        Page(
            "manager",
            "candidacy",
            reverse("candidacy_detail", args=[candidacy.pk]),
            PAGE_GOAL,
            history=True,
        ),
        Page("manager", "notifications", reverse("notifications"), LIST_GOAL),
    ] + [
        Page(
            "committee",
            f"calibration grid ({committee.nominations.count()} candidates)",
            reverse("committee_grid", args=[committee.pk]),
            PAGE_GOAL,
        )
        for committee in Committee.objects.filter(cycle__name=seed.BENCH_CYCLE)
    ]


def personas(engineer):
    from bench import seed
    from promo.models import User

    return {
        "engineer": engineer,
        "mentor": User.objects.get(email="ingrid@promo.example"),
        "manager": engineer.manager,
        "director": User.objects.get(email="dana@promo.example"),
        "committee": User.objects.filter(email=seed.COMMITTEE_MEMBER).first(),
    }


def in_process(user, page, runs=15):
    """(queries, CPU ms) of one request through the full stack, in this process, after one
    warming request (the steady state the load sees, fragment caches filled). CPU time is
    the median over `runs` requests: on a shared machine it moves far less than req/s."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    headers = {"HX-Request": "true"} if page.post else {}

    def request():
        if page.post:
            return client.post(
                page.path, page.post, "application/x-www-form-urlencoded", headers=headers
            )
        return client.get(page.path)

    request()
    statements = []

    def counted(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    # Counted at the driver, not from connection.queries: that log is a bounded deque,
    # and once full its length no longer grows, so a capture of it would read 0.
    with connection.execute_wrapper(counted):
        response = request()
    if response.status_code != 200:
        sys.exit(f"{page.persona} {page.path} answered {response.status_code} in process")
    times = []
    for _ in range(runs):
        started = time.process_time()
        request()
        times.append((time.process_time() - started) * 1000)
    return len(statements), statistics.median(times)


def fetch_sizes(base, page, cookie):
    """(HTML bytes, bytes sent when the client accepts gzip) for one GET."""

    def get(accept_encoding):
        request = urllib.request.Request(
            f"{base}{page.path}",
            headers={"Cookie": cookie, "Accept-Encoding": accept_encoding},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            if response.status != 200 or response.url != f"{base}{page.path}":
                sys.exit(f"{page.path} answered {response.status} at {response.url}, not 200")
            return response.read(), response.headers.get("Content-Encoding")

    html, _ = get("identity")
    sent, encoding = get("gzip")
    return len(html), (len(sent) if encoding == "gzip" else None)


def post_script(page):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    script.write(
        'wrk.method = "POST"\n'
        f'wrk.body = "{page.post}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )
    script.close()
    return script.name


def measure(base, pages, people, cookies, table, seconds):
    """Both floors, then every page, each right after an authenticated floor of its own:
    the load from other work on the machine changes within seconds, so a page is compared
    with the floor measured next to it. Returns {(persona, label): CPU ratio}, the figure
    the history check compares (req/s moves too much between two phases of a run)."""
    from bench.web import wrk

    engineer_cookie = cookies["engineer"]
    bare = wrk(base, "/_bench/bare/", engineer_cookie, seconds=seconds, **LOAD)
    floor = wrk(base, "/_bench/authenticated/", engineer_cookie, seconds=seconds, **LOAD)
    floor_page = Page("engineer", "floor", "/_bench/authenticated/", 0)
    _, floor_cpu = in_process(people["engineer"], floor_page, runs=50)
    table.row("-", "floor: bare view", bare, floor.requests_per_second)
    table.row(
        "-", "floor: authenticated", floor, floor.requests_per_second, cpu=(floor_cpu, floor_cpu)
    )
    csrf = ("X-CSRFToken: " + CSRF_SECRET, "HX-Request: true")
    ratios, floors = {}, [floor.requests_per_second]
    for page in pages:
        user, cookie = people[page.persona], cookies[page.persona]
        queries, cpu = in_process(user, page)
        if not page.post:
            html, gzip = fetch_sizes(base, page, cookie)
            wrk(base, page.path, cookie, seconds=1)  # warm both workers
        near = wrk(base, "/_bench/authenticated/", engineer_cookie, seconds=FLOOR_SECONDS, **LOAD)
        if not near.requests_per_second:  # a stall on a shared machine: no floor finished
            near.requests_per_second = statistics.median(floors)
        floors.append(near.requests_per_second)
        if page.post:
            script = post_script(page)
            result = wrk(
                base,
                page.path,
                f"{cookie}; csrftoken={CSRF_SECRET}",
                seconds=seconds,
                headers=csrf,
                script=script,
                **LOAD,
            )
            os.unlink(script)
            html = gzip = None
        else:
            result = wrk(base, page.path, cookie, seconds=seconds, **LOAD)
        ratios[(page.persona, page.label)] = floor_cpu / cpu
        table.row(
            page.persona,
            page.label,
            result,
            near.requests_per_second,
            queries=queries,
            cpu=(cpu, floor_cpu),
            html=html,
            gzip=gzip,
            goal=page.goal,
        )
    print(
        f"authenticated floor, {len(floors)} runs: median {statistics.median(floors):.0f}, "
        f"min {min(floors):.0f}, max {max(floors):.0f} req/s",
        flush=True,
    )
    return ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=3, help="wrk run per page")
    parser.add_argument("--people", type=int, default=0, help="extra engineers under a manager")
    parser.add_argument("--weeks", type=int, default=156, help="weeks of history")
    parser.add_argument("--threads", type=int, default=50, help="threads in the review round")
    parser.add_argument("--candidates", type=int, default=50, help="nominated in a cycle")
    parser.add_argument("--only", default="", help="measure only pages whose label has it")
    args = parser.parse_args()

    rebuild_database()
    import django

    django.setup()
    from bench import seed
    from bench.database import analyze
    from bench.table import Table
    from bench.web import gunicorn, session_cookie_for

    started = time.monotonic()
    review_round = build(args)
    engineer, pages = pages_for(review_round)
    pages = [page for page in pages if args.only in f"{page.persona} {page.label}"]
    people = {name: user for name, user in personas(engineer).items() if user is not None}
    cookies = {name: session_cookie_for(user) for name, user in people.items()}
    print(f"built in {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f}")
    table = Table()
    with gunicorn(app="bench.wsgi", settings_module="bench.settings") as base:
        before = measure(base, pages, people, cookies, table, args.seconds)
        history = [page for page in pages if page.history]
        after = {}
        if history:
            added = seed.seed_history(engineer, args.weeks)
            analyze()
            print(f"-- with {added} more weeks of evidence for the engineer --")
            after = measure(base, history, people, cookies, table, args.seconds)
    for page in history:
        key = (page.persona, page.label)
        if after[key] < before[key] * (1 - HISTORY_TOLERANCE):
            table.failures.append(
                f"{page.persona} {page.label}: CPU {before[key]:.2f}x -> {after[key]:.2f}x "
                "with history"
            )
    print(f"load average {os.getloadavg()[0]:.1f}; {time.monotonic() - started:.0f} s in all")
    if table.failures:
        print("FAILED:\n  " + "\n  ".join(table.failures))
        sys.exit(1)
    print("every page meets its goal")


if __name__ == "__main__":
    main()
