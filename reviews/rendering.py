"""Promo-doc Markdown as HTML for one reader, with citations they are allowed to see.

A citation renders as a link to the evidence only when the artifact is in `revealed`
(what this reader may see); otherwise as "private evidence", with no title and no link.
"""

import nh3
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from evidence.access import artifacts_visible_to
from evidence.models import Artifact
from promo.web.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown
from reviews import marks
from reviews.citations import cited_ids_in, replace_markers

PRIVATE_LABEL = "private evidence"
# Our own citation markup on top of the shared allow-list; the second nh3 pass also
# repairs anything a marker inside an attribute could have broken.
CITATION_TAGS = ALLOWED_TAGS | {"span", "ins", "mark"}
CITATION_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "a": {"href", "title", "class"},
    "span": {"class"},
    "mark": {"class"},
}


def revealed_citations(viewer, owner, sections, *, for_export=False):
    """{artifact_id: Artifact} of the cited evidence `viewer` may see. An export is
    written to be passed on, so it never names private or draft evidence, not even to its
    owner: a draft counts nowhere (readiness, reviewers' pages), so not there either."""
    ids = cited_ids_in(sections)
    if not ids:
        return {}
    visible = artifacts_visible_to(viewer, owner).filter(pk__in=ids)
    if for_export:
        visible = visible.exclude(visibility=Artifact.Visibility.PRIVATE).filter(is_draft=False)
    return {artifact.pk: artifact for artifact in visible}


def citation_html(artifact_id, revealed, *, links=True):
    artifact = revealed.get(artifact_id)
    if artifact is None:
        return format_html('<span class="citation private">{}</span>', PRIVATE_LABEL)
    if not links:
        return format_html('<span class="citation">{}</span>', artifact.title)
    return format_html(
        '<a class="citation" href="{}">{}</a>',
        reverse("evidence_detail", args=[artifact.pk]),
        artifact.title,
    )


# Inserted and deleted text is announced in words too, for screen readers and for anyone
# who cannot tell the colours apart; a passage under discussion is highlighted.
MARKUP = {
    marks.INS_OPEN: '<ins><span class="visually-hidden">added: </span>',
    marks.INS_CLOSE: "</ins>",
    marks.DEL_OPEN: '<del><span class="visually-hidden">removed: </span>',
    marks.DEL_CLOSE: "</del>",
    marks.QUOTE_OPEN: '<mark class="quoted">',
    marks.QUOTE_CLOSE: "</mark>",
}


def render_body(body, revealed, *, links=True, marked=False):
    """`body` as sanitised HTML for a reader; with `marked`, the marks of reviews.marks
    become <ins>, <del> and <mark>."""
    html = str(render_markdown(body))
    html = replace_markers(html, lambda pk: str(citation_html(pk, revealed, links=links)))
    if marked:
        for mark, markup in MARKUP.items():
            html = html.replace(mark, markup)
    return mark_safe(  # noqa: S308 - sanitised by nh3 just below
        nh3.clean(
            html,
            tags=CITATION_TAGS,
            attributes=CITATION_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )


def rendered_changes(changes, revealed):
    """Each section's change (reviews.diffing.section_changes) with its marked `html`."""
    return [{"change": c, "html": render_body(c.marked, revealed, marked=True)} for c in changes]


def rendered_sections(sections, revealed, *, links=True):
    """Each section with its `html` for this reader."""
    return [{**s, "html": render_body(s["body"], revealed, links=links)} for s in sections]


def plain_citations(text, revealed, numbers):
    """Markdown for export: each marker becomes `[E3]`, pointing into the evidence appendix."""
    return replace_markers(text, lambda pk: f"[E{numbers[pk]}]")
