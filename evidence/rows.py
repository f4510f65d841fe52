"""An artifact's row in a list (templates/evidence/_artifact_row.html), drawn once per
change of what it shows and kept in the shared cache.

Rendering twenty rows with their tags was about half of the evidence list's time, and a
row changes only when its artifact or tags do. The key holds everything the row shows,
read from the objects the page loaded anyway, so there is nothing to invalidate.
"""

from functools import partial

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.translation import get_language

from promo.web.fragments import cached_fragments, template_digest

ROW_TEMPLATE = "evidence/_artifact_row.html"


def _row_inputs(artifact):
    """Everything the row shows (the kind's and strengths' labels follow from the code)."""
    return (
        template_digest(ROW_TEMPLATE),
        get_script_prefix(),
        get_language(),
        artifact.pk,
        artifact.title,
        str(getattr(artifact, "title_html", "")),
        str(getattr(artifact, "snippet_html", "")),
        artifact.is_draft,
        artifact.visibility,
        artifact.happened_on,
        artifact.kind,
        artifact.shipped_on,
        artifact.has_impact,
        tuple((tag.strength, tag.criterion.name) for tag in artifact.tags.all()),
    )


def _draw(artifact):
    return render_to_string(ROW_TEMPLATE, {"artifact": artifact})


def with_row_html(artifacts):
    """Set `artifact.row_html` on each of `artifacts` (their tags and criteria prefetched),
    from the cache when drawn before; returns them as a list."""
    artifacts = list(artifacts)
    drawn = cached_fragments(
        "artifact-row", [(_row_inputs(a), partial(_draw, a)) for a in artifacts]
    )
    for artifact, html in zip(artifacts, drawn, strict=True):
        artifact.row_html = html
    return artifacts
