"""Text search over artifacts: ranked full-text search on PostgreSQL, a plain
case-insensitive match elsewhere (SQLite in development)."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "english"
# Control characters never typed into a form: the headline is made on raw user text, so
# it is escaped first and only then are these turned into <mark>.
START, STOP = "\x02", "\x03"


def search_vector():
    """Must stay identical to the expression the GIN index in migration 0002 is built on."""
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("impact", weight="B", config=CONFIG)
        + SearchVector("body", "metrics", weight="C", config=CONFIG)
    )


def full_text_available():
    return connection.vendor == "postgresql"


def search_artifacts(queryset, text):
    """`queryset` narrowed to matches for `text`, best first, with a `snippet` annotation
    (None on the fallback)."""
    text = text.strip()
    if not text:
        return queryset
    if not full_text_available():
        return queryset.filter(
            Q(title__icontains=text)
            | Q(body__icontains=text)
            | Q(impact__icontains=text)
            | Q(metrics__icontains=text)
        )
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    return (
        queryset.annotate(search=search_vector(), rank=SearchRank(search_vector(), query))
        .filter(search=query)
        .annotate(
            snippet=SearchHeadline(
                "body",
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
            title_marked=SearchHeadline(
                "title", query, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
            ),
        )
        .order_by("-rank", "-happened_on", "-id")
    )


def highlighted(text):
    """Escaped text with the search's matches wrapped in <mark>."""
    if not text:
        return ""
    marked = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our own <mark> is added
