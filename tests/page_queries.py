"""Query counts of a page whose body is cached (promo.web.fragments.cached_body)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def drawn_and_cached(client, url):
    """The queries of a view that draws the page's body, then of one that finds it in the
    cache (PostgreSQL; SQLite draws it every time). Warm the session first."""
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    return counts
