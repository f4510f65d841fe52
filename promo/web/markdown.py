"""The one way user Markdown becomes HTML: Python-Markdown, then nh3 with an allow-list.

Whatever the Markdown library emits (raw HTML passes through it), nh3 keeps only the
tags and attributes below, and only http(s)/mailto links: no script, no event handlers,
no style, no javascript: or data: URLs, no hx-* attributes.
"""

import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

EXTENSIONS = ["fenced_code", "tables", "sane_lists", "nl2br"]
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template", "iframe", "object", "noscript"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render_markdown(text) -> SafeString:
    """`text` as sanitised HTML, safe to put in a template unescaped."""
    if not text:
        return mark_safe("")  # noqa: S308 - a constant
    text = str(text)
    render = _render_remembered if len(text) <= REMEMBERED_CHARS else _render
    return mark_safe(render(text))  # noqa: S308 - sanitised by nh3 in _render


# A page shows the same comments and bodies on every view: rendering is a pure function of
# the text, so each worker keeps the latest short ones (at most about 2,048 x 8 KB x 2).
REMEMBERED_CHARS = 8192


def _render(text: str) -> str:
    return sanitise_html(_converter().reset().convert(text))


_render_remembered = lru_cache(maxsize=2048)(_render)


_local = threading.local()


def _converter():
    """One Markdown instance per thread: building one loads every extension again, which
    was most of the cost of a short comment. An instance is not safe to share between
    threads, so each keeps its own."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(
            extensions=EXTENSIONS, output_format="html"
        )
    return converter
