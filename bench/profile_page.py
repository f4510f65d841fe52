"""Profile one page in process with pyinstrument, through the full middleware.

Run it on a database `bench/pages.py` has built (production settings, DEBUG=false):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/promo_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/profile_page.py liam@promo.example /case/ [--runs 50]

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("email")
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--queries", action="store_true", help="print each query")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from promo.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=args.email))
    response = client.get(args.path)
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(args.path)
    print(f"{len(captured)} queries, {len(response.content)} bytes")
    if args.queries:
        for query in captured.captured_queries:
            print("  ", query["sql"][:300])
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.runs):
            client.get(args.path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
