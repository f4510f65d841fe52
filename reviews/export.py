"""A shared version as Markdown, print-ready HTML context, or PDF, with an evidence appendix.

Exports are written to be passed on, so cited evidence appears in the appendix only when
mentors may see it and it is finished; private and draft evidence is listed as "private
evidence" with nothing else.
"""

from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from fpdf import FPDF

from promo.web.markdown import render_markdown
from reviews.citations import cited_ids_in, quoted_ids_in
from reviews.rendering import (
    PRIVATE_LABEL,
    plain_citations,
    revealed_citations,
    revealed_quotes,
)

# fpdf2's built-in fonts cover Latin-1 only; DejaVu (Debian's fonts-dejavu-core) covers
# the names and typography people actually write. Without it we fall back to Helvetica.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_FACES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}


@dataclass(frozen=True)
class AppendixEntry:
    number: int
    artifact: object  # None when private or no longer available

    @property
    def label(self):
        return f"E{self.number}"


def appendix(version, viewer):
    """(numbers {artifact_id: n}, [AppendixEntry]) for the evidence the version cites."""
    ids = cited_ids_in(version.sections)
    revealed = revealed_citations(viewer, version.document.owner, version.sections, for_export=True)
    numbers = {artifact_id: n for n, artifact_id in enumerate(ids, start=1)}
    entries = [AppendixEntry(numbers[i], revealed.get(i)) for i in ids]
    return numbers, entries


def export_sections(version, numbers, viewer):
    """The version's sections with citations as `[E3]`, quoted confirmations `viewer` may
    pass on as quotes, and their HTML."""
    quotes = {}
    if quoted_ids_in(version.sections):
        owner = version.document.owner
        quotes = revealed_quotes(viewer, owner, version.sections, for_export=True)
    result = []
    for section in version.sections:
        body = plain_citations(section["body"], quotes, numbers)
        result.append({**section, "body": body, "html": render_markdown(body)})
    return result


def entry_lines(entry):
    """Plain-text lines describing one appendix entry."""
    artifact = entry.artifact
    if artifact is None:
        return [f"{entry.label}. {PRIVATE_LABEL.capitalize()} (not included)."]
    lines = [f"{entry.label}. {artifact.title} ({artifact.happened_on:%d %b %Y})"]
    if artifact.impact.strip():
        lines.append(f"Impact: {' '.join(artifact.impact.split())}")
    if artifact.metrics.strip():
        lines.append(f"Metrics: {' '.join(artifact.metrics.split())}")
    if artifact.metric_before or artifact.metric_after:
        lines.append(
            f"Before: {artifact.metric_before or '-'}; after: {artifact.metric_after or '-'}"
        )
    return lines


def as_markdown(version, viewer):
    document = version.document
    numbers, entries = appendix(version, viewer)
    parts = [f"# {document.title}", f"_Version {version.number}, {version.created_at:%d %b %Y}_"]
    for section in export_sections(version, numbers, viewer):
        parts += [f"## {section['title']}", section["body"].strip() or "_(empty)_"]
    parts.append("## Evidence appendix")
    parts.append(
        "\n".join("\n".join(entry_lines(e)) + "\n" for e in entries) or "_No evidence cited._"
    )
    return "\n\n".join(parts).rstrip() + "\n"


class _PDF(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font(self.body_font, size=8)
        self.cell(0, 8, f"Page {self.page_no()}", align="C")


def _new_pdf():
    pdf = _PDF(format="A4")
    pdf.body_font = "helvetica"
    if all((DEJAVU / name).exists() for name in DEJAVU_FACES.values()):
        for style, name in DEJAVU_FACES.items():
            pdf.add_font("dejavu", style, str(DEJAVU / name))
        pdf.body_font = "dejavu"
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    return pdf


def _text(pdf, text):
    if pdf.body_font == "helvetica":
        return text.encode("latin-1", "replace").decode("latin-1")
    return text


def as_pdf(version, viewer, progress=lambda percent: None):
    """The version as PDF bytes. `progress(percent)` is called as sections are laid out."""
    document = version.document
    numbers, entries = appendix(version, viewer)
    pdf = _new_pdf()
    pdf.set_title(_text(pdf, document.title))
    pdf.set_font(pdf.body_font, "B", 16)
    pdf.multi_cell(0, 8, _text(pdf, document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.body_font, "I", 9)
    pdf.cell(
        0,
        6,
        f"Version {version.number}, {version.created_at:%d %b %Y}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    parts = export_sections(version, numbers, viewer)
    for done, section in enumerate(parts, start=1):
        pdf.set_font(pdf.body_font, "", 10)
        pdf.write_html(
            _text(pdf, f"<h2>{escape(section['title'])}</h2>{section['html'] or '<p>(empty)</p>'}"),
            font_family=pdf.body_font,
        )
        progress(int(90 * done / (len(parts) + 1)))
    pdf.set_font(pdf.body_font, "B", 13)
    pdf.ln(4)
    pdf.cell(0, 8, "Evidence appendix", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.body_font, "", 9)
    for entry in entries:
        for line in entry_lines(entry):
            pdf.multi_cell(0, 5, _text(pdf, line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    if not entries:
        pdf.multi_cell(0, 5, "No evidence cited.", new_x="LMARGIN", new_y="NEXT")
    progress(95)
    return bytes(pdf.output())
