"""Profile one page or API call in process with pyinstrument, through the full middleware.

Run it on a database `bench/pages.py` or `bench/api.py` has built (production settings,
DEBUG=false):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/profile_page.py liam@promo.example /case/ [--runs 50]

An API path (/api/...) is called with a fresh personal access token of that person, as a
script would call it, and `--post '{"title": ...}'` sends a JSON body instead of a GET:

    ... bench/profile_page.py bench-api@example.com /api/v1/evidence/ \\
        --post '{"title": "Win", "kind": "project"}'

It prints where the time of `--runs` requests went, after one warming request, and the
queries of one request.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("SECRET_KEY", "bench")
os.environ["DEBUG"] = "false"
os.environ["SECURE_COOKIES"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Profiling many calls from one token must not meet the API's rate limit.
os.environ["API_RATE_LIMIT_PER_MINUTE"] = "100000000"


def client_for(email, path):
    """A test client acting as `email`: signed in for a page, with a token for the API."""
    from django.test import Client

    from promo.api.models import ApiToken
    from promo.api.services import token_create
    from promo.models import User

    person = User.objects.get(email=email)
    if not path.startswith("/api/"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(person)
        return client
    _, secret = token_create(owner=person, name="profile", scopes=ApiToken.Scope.values)
    return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("email")
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--post", metavar="JSON", help="POST this JSON body instead of a GET")
    parser.add_argument("--queries", action="store_true", help="print each query")
    parser.add_argument(
        "--all-frames", action="store_true", help="show library frames too (Django's templates)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = client_for(args.email, args.path)

    def call():
        if args.post is None:
            return client.get(args.path)
        return client.post(args.path, args.post, content_type="application/json")

    response = call()
    assert response.status_code in (200, 201), (response.status_code, response.content[:300])
    with CaptureQueriesContext(connection) as captured:
        call()
    print(f"{len(captured)} queries, {len(response.content)} bytes")
    if args.queries:
        for query in captured.captured_queries:
            print("  ", query["sql"][:300])
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.runs):
            call()
    print(profiler.output_text(unicode=True, color=False, show_all=args.all_frames))


if __name__ == "__main__":
    main()
