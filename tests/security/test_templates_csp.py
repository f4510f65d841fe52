"""The CSP forbids inline script, inline style and event-handler attributes: no template
may rely on them (they would silently stop working in the browser)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for pattern in ("templates/**/*.html", "*/templates/**/*.html")
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts
)
FORBIDDEN = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "an event-handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_needs_unsafe_inline(path):
    # Template comments may mention what is forbidden.
    text = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.S)
    found = [what for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert not found, f"{path.relative_to(ROOT)} has {', '.join(found)}"
