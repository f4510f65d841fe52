"""Promo-doc Markdown as HTML for one reader, with citations they are allowed to see.

A citation renders as a link to the evidence only when the artifact is in `revealed`
(what this reader may see); otherwise as "private evidence", with no title and no link.
A quoted confirmation renders as a blockquote of the colleague's own words, with their
name and team, only when the artifact it confirms is one the reader may see; otherwise
as "private evidence" too. A confirmation withdrawn since says so, and nothing else.
"""

import nh3
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from evidence.access import artifacts_visible_to, readable_among
from evidence.models import Artifact
from promo.attestations.queries import citable_confirmations
from promo.web.fragments import cached_fragment, files_digest
from promo.web.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown
from reviews import marks
from reviews.citations import (
    cited_ids_in,
    quoted_ids_in,
    replace_attestation_markers,
    replace_markers,
)

PRIVATE_LABEL = "private evidence"
WITHDRAWN_LABEL = "withdrawn confirmation"
# Our own citation markup on top of the shared allow-list; the second nh3 pass also
# repairs anything a marker inside an attribute could have broken.
CITATION_TAGS = ALLOWED_TAGS | {"span", "ins", "mark"}
CITATION_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "a": {"href", "title", "class"},
    "span": {"class"},
    "mark": {"class"},
    "blockquote": {"class"},
}


class Revealed(dict):
    """{artifact_id: Artifact} of the cited evidence a reader may see; `attestations` holds
    {attestation_id: promo.attestations.queries.Confirmation} of the quoted confirmations
    they may see."""

    def __init__(self, artifacts=(), attestations=None):
        super().__init__(artifacts)
        self.attestations = attestations or {}


def _visible(viewer, owner, *, for_export, relation=None):
    visible = artifacts_visible_to(viewer, owner, relation)
    if for_export:
        visible = visible.exclude(visibility=Artifact.Visibility.PRIVATE).filter(is_draft=False)
    return visible


def revealed_citations(viewer, owner, sections, *, for_export=False, relation=None):
    """Revealed: the cited evidence and quoted confirmations `viewer` may see. An export
    is written to be passed on, so it never names private or draft evidence, not even to
    its owner: a draft counts nowhere (readiness, reviewers' pages), so not there either.
    A confirmation follows the artifact it confirms."""
    ids = cited_ids_in(sections)
    artifacts = {}
    if ids and for_export:
        visible = _visible(viewer, owner, for_export=for_export, relation=relation)
        artifacts = {artifact.pk: artifact for artifact in visible.filter(pk__in=ids)}
    elif ids:
        artifacts = readable_among(viewer, owner, ids, relation)
    quotes = revealed_quotes(viewer, owner, sections, for_export=for_export, relation=relation)
    return Revealed(artifacts, quotes.attestations)


def revealed_quotes(viewer, owner, sections, *, for_export=False, relation=None):
    """Revealed with only the quoted confirmations `viewer` may see; no query when the
    sections quote none."""
    quoted = quoted_ids_in(sections)
    if not quoted:
        return Revealed()
    visible = _visible(viewer, owner, for_export=for_export, relation=relation).values("pk")
    return Revealed((), citable_confirmations(quoted, visible, owner))


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


def _who(confirmation):
    attester = confirmation.attestation.attester
    who = f"{attester}, {attester.team}" if attester.team else str(attester)
    if confirmation.label_hides_name:
        who += f", confirmed by {confirmation.label}"
    return who


def attestation_html(attestation_id, revealed):
    """A quoted confirmation: the colleague's words (which the owner cannot edit), their
    name and team, and how they stand to the owner when that is why it does not count."""
    confirmation = getattr(revealed, "attestations", {}).get(attestation_id)
    if confirmation is None:
        return format_html('<span class="citation private">{}</span>', PRIVATE_LABEL)
    attestation = confirmation.attestation
    if not attestation.is_confirmed:
        return format_html('<span class="citation withdrawn">{}</span>', WITHDRAWN_LABEL)
    words = (
        format_html("“{}”", attestation.statement)
        if attestation.statement
        else "Confirmed, without a comment."
    )
    adopted = " Their team adopted it." if attestation.adopted else ""
    return format_html(
        '<blockquote class="attestation"><p>{}</p><p><span class="attestation-by">'
        "— {}, on “{}”.{}</span></p></blockquote>",
        words,
        _who(confirmation),
        attestation.artifact.title,
        adopted,
    )


def plain_attestation(attestation_id, revealed):
    """A quoted confirmation as Markdown, for exports."""
    confirmation = getattr(revealed, "attestations", {}).get(attestation_id)
    if confirmation is None:
        return f"({PRIVATE_LABEL})"
    attestation = confirmation.attestation
    if not attestation.is_confirmed:
        return f"({WITHDRAWN_LABEL})"
    words = f"“{attestation.statement}”" if attestation.statement else "Confirmed."
    adopted = " Their team adopted it." if attestation.adopted else ""
    title = attestation.artifact.title
    return f"\n\n> {words}\n> — {_who(confirmation)}, on “{title}”.{adopted}\n\n"


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
    html = replace_attestation_markers(html, lambda pk: str(attestation_html(pk, revealed)))
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
    """Markdown for export: each evidence marker becomes `[E3]`, pointing into the
    evidence appendix, and each quoted confirmation a Markdown quote."""
    text = replace_markers(text, lambda pk: f"[E{numbers[pk]}]")
    return replace_attestation_markers(text, lambda pk: plain_attestation(pk, revealed))


_SECTIONS_DRAWN_BY = (
    "reviews/rendering.py",
    "reviews/citations.py",
    "reviews/marks.py",
    "promo/web/markdown.py",
    "templates/reviews/version.html",
)


def sections_html(sections, revealed):
    """The sections of a version as one reader sees them, rendered once per change of
    what they show and kept in the shared cache: the sections' text (a version is never
    edited), the titles of the cited evidence the reader may open, the quoted
    confirmations as they read them, and the code that draws them."""
    inputs = (
        files_digest(_SECTIONS_DRAWN_BY),
        get_script_prefix(),
        sections,
        tuple(sorted((pk, artifact.title) for pk, artifact in revealed.items())),
        tuple((pk, str(attestation_html(pk, revealed))) for pk in quoted_ids_in(sections)),
    )
    return cached_fragment(
        "version-sections",
        inputs,
        lambda: render_to_string(
            "reviews/version.html#sections", {"sections": rendered_sections(sections, revealed)}
        ),
    )
