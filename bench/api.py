"""Benchmark: the API's evidence list and artifact creation against a trivial
token-authenticated endpoint, served by gunicorn and measured with wrk in one run.

One engineer with --artifacts artifacts (3 tags each) and a token; then, each for
--seconds a round, in --slices short turns taken in rotation, with the same gunicorn
(2 sync workers):

1. GET /api/v1/me/        the baseline: a token checked, one small JSON answer;
2. GET /api/v1/evidence/  the first page, 25 artifacts with their tags (goal >= 0.6x);
3. POST /api/v1/evidence/ a new artifact each request (goal >= 0.4x).

Ratios are requests per second against the baseline measured in the same run, as the
machine's noise (about +-25 %) makes absolute figures of one run meaningless next to
another's; the turns keep all three under the same load. Last, the median CPU time of
one request of each, in process, and the same ratios by CPU. The rate limit is lifted
for the run (API_RATE_LIMIT_PER_MINUTE).

Use a database of its own, whose name ends in _bench (`make bench-api` names one); the
bench engineer's evidence is replaced on each run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_api_bench \\
    REDIS_URL=redis://127.0.0.1:6379/7 SECRET_KEY=bench \\
        .venv/bin/python bench/api.py [--artifacts 200] [--seconds 10] [--rounds 2]
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# Run as a script, this folder comes first on the path: put the project root there instead.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promo.settings")
os.environ["API_RATE_LIMIT_PER_MINUTE"] = "100000000"
# Production settings for the in-process figures too, as gunicorn gets them (bench/web.py).
os.environ.update(DEBUG="false", SECURE_COOKIES="false", LOG_LEVEL="WARNING")
os.environ.setdefault("SECRET_KEY", "bench")


from bench.database import ensure_bench_database  # noqa: E402

ensure_bench_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.web import WrkResult, _ms, gunicorn  # noqa: E402

OWNER = "bench-api@example.com"
# Dated before the seeded evidence (dated today), so what the run creates never pushes
# the 25 tagged artifacts off the list's first page.
CREATE_BODY = {
    "title": "Benchmarked win",
    "happened_on": "2025-01-06",
    "kind": "project",
    "impact": "Faster",
    "links": [{"label": "PR", "url": "https://git.example.com/pr/1"}],
}
CREATE_LUA = f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{json.dumps(CREATE_BODY)}'
"""


def build(artifacts):
    """The engineer, their evidence (replaced), and a fresh token; returns the secret."""
    from django.db import connection

    from evidence.models import Artifact, ArtifactTag
    from promo.api.services import token_create
    from promo.demo.steps import ensure_default_ladder
    from promo.models import User

    ladder = ensure_default_ladder()
    owner = User.objects.filter(email=OWNER).first() or User.objects.create_user(
        OWNER, display_name="Bench Engineer", ladder=ladder, level=ladder.levels.get(code="L5")
    )
    Artifact.all_objects.filter(owner=owner).delete()
    criteria = list(ladder.criteria.order_by("position")[:3])
    made = Artifact.objects.bulk_create(
        Artifact(owner=owner, title=f"Work {n}", impact="Faster" if n % 2 else "")
        for n in range(artifacts)
    )
    ArtifactTag.objects.bulk_create(
        ArtifactTag(artifact=a, criterion=c, strength="strong", rationale="Led it")
        for a in made
        for c in criteria
    )
    _, secret = token_create(owner=owner, name="bench", scopes=["evidence:read", "evidence:write"])
    # Statistics as autovacuum keeps them after a bulk load; until it runs, the planner
    # takes the new rows for one and reads the list's page the slow way.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return secret


def wrk(base, path, secret, *, seconds, script=None, connections=8):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-H", f"Authorization: Bearer {secret}", "-H", "Host: 127.0.0.1"]
    if script:
        command += ["-s", script]
    out = subprocess.run(
        [*command, f"{base}{path}"],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    if non_2xx:
        sys.exit(f"{path}: {non_2xx} answers were not 2xx")
    return WrkResult(path, rps, p50, p99, non_2xx)


def check(base, secret):
    """The list answers 25 artifacts with their tags before each round is measured."""
    request = urllib.request.Request(
        f"{base}/api/v1/evidence/", headers={"Authorization": f"Bearer {secret}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        items = json.load(response)["items"]
    assert len(items) == 25 and all(len(item["tags"]) == 3 for item in items), "bad page"


def interleaved(base, secret, lua, *, seconds, slices):
    """(trivial, list, create) each measured for `seconds` in all, as `slices` short
    turns taken in rotation: the load from other work on a shared machine changes within
    seconds, and a turn each keeps all three under the same load. Per endpoint: the mean
    req/s of its turns, the median p50 and the worst p99."""
    turns = {path: [] for path in ("me", "list", "create")}
    each = max(1, round(seconds / slices))
    for _ in range(slices):
        turns["me"].append(wrk(base, "/api/v1/me/", secret, seconds=each))
        turns["list"].append(wrk(base, "/api/v1/evidence/", secret, seconds=each))
        turns["create"].append(wrk(base, "/api/v1/evidence/", secret, seconds=each, script=lua))
    return [
        WrkResult(
            f"{results[0].path}{' (POST)' if name == 'create' else ''}",
            statistics.mean(r.requests_per_second for r in results),
            statistics.median(r.p50_ms for r in results),
            max(r.p99_ms for r in results),
            0,
        )
        for name, results in turns.items()
    ]


def in_process(secret, runs):
    """Median CPU ms of one request of each endpoint through the full stack in this
    process, the three taken in turn: CPU time moves less with the machine's load than
    req/s does, though it leaves out PostgreSQL's and Redis's share."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = json.dumps(CREATE_BODY)
    calls = {
        "me": lambda: client.get("/api/v1/me/"),
        "list": lambda: client.get("/api/v1/evidence/"),
        "create": lambda: client.post("/api/v1/evidence/", body, content_type="application/json"),
    }
    times = {name: [] for name in calls}
    for _ in range(runs + 1):
        for name, call in calls.items():
            started = time.process_time()
            response = call()
            times[name].append((time.process_time() - started) * 1000)
            assert response.status_code in (200, 201), response.content[:300]
    return {name: statistics.median(spent[1:]) for name, spent in times.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--artifacts", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10, help="per endpoint and round")
    parser.add_argument("--slices", type=int, default=5, help="turns each round takes")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cpu-runs", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    secret = build(args.artifacts)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(CREATE_LUA)
    try:
        with gunicorn() as base:
            for round_number in range(1, args.rounds + 1):
                check(base, secret)
                baseline, listing, creating = interleaved(
                    base, secret, lua.name, seconds=args.seconds, slices=args.slices
                )
                # Ratios read closer to 1 on a busier machine: compare runs at a like load.
                load = os.getloadavg()[0]
                print(f"round {round_number} (load average {load:.1f} as it ended)")
                for result in (baseline, listing, creating):
                    print("  " + result.line())
                list_ratio = listing.requests_per_second / baseline.requests_per_second
                create_ratio = creating.requests_per_second / baseline.requests_per_second
                print(f"  evidence list (25 with tags) / trivial: {list_ratio:.2f}x (goal 0.6x)")
                print(f"  create an artifact / trivial:           {create_ratio:.2f}x (goal 0.4x)")
    finally:
        os.unlink(lua.name)
    cpu = in_process(secret, args.cpu_runs)
    print(
        f"in process, median CPU: trivial {cpu['me']:.2f} ms, list {cpu['list']:.2f} ms "
        f"({cpu['me'] / cpu['list']:.2f}x), create {cpu['create']:.2f} ms "
        f"({cpu['me'] / cpu['create']:.2f}x)"
    )


if __name__ == "__main__":
    main()
