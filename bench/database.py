"""The benchmarks' own PostgreSQL databases, created before Django connects to them.

A bench database is written to or wiped, so its name must end in "_bench"; on a fresh
machine it does not exist yet, and the first `make bench-…` creates it.
"""

import os
import sys
from urllib.parse import urlsplit


def ensure_bench_database():
    """Create the database DATABASE_URL names if it is missing; exit with a message if the
    URL is not PostgreSQL or the name does not end in _bench."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    name = urlsplit(url).path.lstrip("/")
    if not url.startswith(("postgres://", "postgresql://")) or not name.endswith("_bench"):
        sys.exit("DATABASE_URL must name a PostgreSQL database ending in _bench (it is wiped).")
    admin_url = url.split("?")[0].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def analyze():
    """Refresh the planner's statistics after a bulk load, as autovacuum would on a live
    database in time: plans made from the statistics of nearly empty tables (nested loops
    over thousands of rows) measure the bench's timing, not promo."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
