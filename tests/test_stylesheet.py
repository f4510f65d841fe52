"""The one stylesheet, read as text: merges have left whole sections in it twice."""

import re
from collections import Counter
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parents[1] / "static" / "css" / "promo.css"


def test_each_section_of_the_stylesheet_appears_once():
    # A repeated section is dead weight at best; at worst a later copy quietly wins over
    # rules placed between the copies, and deleting the wrong copy changes the page.
    headings = Counter(re.findall(r"/\*(.*?)\*/", STYLESHEET.read_text(), flags=re.S))
    assert [heading for heading, count in headings.items() if count > 1] == []
