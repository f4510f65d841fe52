"""Rendered HTML or SVG kept in the shared cache, keyed by a digest of what it shows.

The key is a digest of every input the fragment depends on (plus the code that draws it),
so a change of data is a new key and nothing ever needs invalidating; old keys expire.
"""

import hashlib
import logging
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

log = logging.getLogger(__name__)
FRAGMENT_TTL = 60 * 60 * 24
# Where whitespace is content: left exactly as rendered.
_VERBATIM = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
_INDENTATION = re.compile(r"\n\s+")
# Cached forms carry this in place of the CSRF token; each view puts its own token back.
# Only the hidden field's exact markup is replaced, which user text cannot produce
# (templates escape it, and nh3 strips every <input> from Markdown).
TOKEN_SLOT = "csrf-token-slot-0000000000000000000000000000000000000000000000000000000"
TOKEN_FIELD = 'name="csrfmiddlewaretoken" value="{}"'


def token_field(request):
    """This request's CSRF field markup, for with_token. Ask once per view: each call
    masks the token afresh (fifty threads asking was 6 % of a round page's time)."""
    return TOKEN_FIELD.format(get_token(request))


def with_token(html, field):
    """Cached `html` drawn with TOKEN_SLOT as its CSRF token, with the request's `field`."""
    return html.replace(TOKEN_FIELD.format(TOKEN_SLOT), field)


def without_indentation(html):
    """`html` without the indentation and blank lines a template's tags leave: every run
    of whitespace that holds a newline becomes one newline, which a browser shows the same
    way, except inside <pre> and <textarea>, kept as they are."""
    parts = _VERBATIM.split(str(html))
    return "".join(
        part if index % 2 else _INDENTATION.sub("\n", part) for index, part in enumerate(parts)
    )


@cache
def source_digest(module_file) -> str:
    """A digest of the file that draws a fragment: a new release draws afresh."""
    return hashlib.sha256(Path(module_file).read_bytes()).hexdigest()[:16]


@cache
def files_digest(paths) -> str:
    """source_digest of each file in `paths` (a tuple, relative to the project root): the
    code drawing a cached page body."""
    base = Path(settings.BASE_DIR)
    return "".join(source_digest(base / name) for name in paths)


def with_tables(sql, models, **more):
    """`sql` with each {name} of `models` ({name: model}) replaced by the model's table,
    and each of `more` by its value: the plain-SQL digests name tables this way."""
    tables = {name: model._meta.db_table for name, model in models.items()}
    return sql.format(**tables, **more)


def drawn_for(request, drawn_by):
    """What every cached page body depends on besides the rows it shows: the code that
    draws it (`drawn_by`, for files_digest), the script prefix its links start with, and
    the viewer, their time zone and language (dates and words are shown in them)."""
    return (
        files_digest(drawn_by),
        get_script_prefix(),
        timezone.get_current_timezone_name(),
        translation.get_language(),
        request.user.pk,
    )


def template_digest(name) -> str:
    """source_digest of the template file `name` resolves to."""
    return source_digest(get_template(name).origin.name)


def cached_fragment(kind, inputs, render):
    """`render()` (safe HTML), unless the cache holds it for these `inputs`.

    `inputs` must be everything the fragment shows, with a stable repr (tuples, dates,
    strings, numbers). If the cache is away, the fragment is rendered every time.
    """
    key = f"{kind}:{hashlib.sha256(repr(inputs).encode()).hexdigest()}"
    html = cache_call(shared_cache.get, key)
    if html is None:
        html = str(render())
        cache_call(shared_cache.set, key, html, FRAGMENT_TTL)
    return mark_safe(html)  # noqa: S308 - rendered by our own escaping code


def cached_body(request, kind, inputs, draw):
    """cached_fragment for a page's body, which `draw()` renders with TOKEN_SLOT as its
    CSRF token: returned with this request's token in its place."""
    html = cached_fragment(kind, inputs, draw)
    return mark_safe(with_token(html, token_field(request)))  # noqa: S308 - our own output


def cached_fragments(kind, items):
    """Like cached_fragment for many at once: `items` is [(inputs, render)], the answer is
    their HTML in the same order. One get_many, and one set_many for those rendered."""
    keys = [f"{kind}:{hashlib.sha256(repr(inputs).encode()).hexdigest()}" for inputs, _ in items]
    found = cache_call(shared_cache.get_many, keys) or {}
    fresh = {}
    for key, (_, render) in zip(keys, items, strict=True):
        if key not in found and key not in fresh:
            fresh[key] = str(render())
    if fresh:
        cache_call(shared_cache.set_many, fresh, FRAGMENT_TTL)
    return [mark_safe(found.get(key) or fresh[key]) for key in keys]  # noqa: S308 - ours


def cache_call(method, *args):
    """`method(*args)` on the shared cache, or None when the cache is away: a cache only
    saves time, so its failure degrades to rendering, never to an error page."""
    try:
        return method(*args)
    except Exception as error:  # noqa: BLE001 - any cache failure degrades to rendering
        log.warning("fragment cache unavailable: %r", error)
        return None
