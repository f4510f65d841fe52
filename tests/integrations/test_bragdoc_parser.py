"""The brag-document reader, on plain objects: no database, no clock."""

from datetime import date
from types import SimpleNamespace

from promo.integrations.bragdoc.parser import parse_bragdoc, win_key

CRITERIA = [
    SimpleNamespace(slug="scope", name="Scope and complexity"),
    SimpleNamespace(slug="impact", name="Delivery and measured impact"),
    SimpleNamespace(slug="leverage", name="Cross-team leverage and influence"),
    SimpleNamespace(slug="vision", name="Long-term vision"),
    SimpleNamespace(slug="growing-others", name="Growing others"),
]
TODAY = date(2026, 11, 30)


def read(text, today=TODAY):
    return parse_bragdoc(text, criteria=CRITERIA, today=today).wins


def summary(wins):
    return [(w.title, w.happened_on, w.context, [c.slug for c in w.criteria]) for w in wins]


MONTHLY = """\
# Olive's brag document 2026

## 2026-03
- Shipped retry budgets #cross
  - p99 went from 420 ms to 180 ms
  - three teams adopted the library
- 2026-03-18 Ran the payments incident review #growing
* Wrote the **search design doc** (Mar 25) #scope

## April 2026

### Project Atlas
- Led the migration off the old queue
- Unblocked Ana on the schema change #growing

### Week of 2026-04-20
1. Paired with the SRE team on alerts
2. [x] Cut the build from 14 to 6 minutes #impact
"""


def test_it_reads_a_monthly_document_with_every_heading_style():
    assert summary(read(MONTHLY)) == [
        ("Shipped retry budgets", date(2026, 3, 1), "", ["leverage"]),
        ("Ran the payments incident review", date(2026, 3, 18), "", ["growing-others"]),
        ("Wrote the search design doc", date(2026, 3, 25), "", ["scope"]),
        ("Led the migration off the old queue", date(2026, 4, 1), "Project Atlas", []),
        (
            "Unblocked Ana on the schema change",
            date(2026, 4, 1),
            "Project Atlas",
            ["growing-others"],
        ),
        ("Paired with the SRE team on alerts", date(2026, 4, 20), "", []),
        ("Cut the build from 14 to 6 minutes", date(2026, 4, 20), "", ["impact"]),
    ]


def test_nested_bullets_are_their_parent_wins_details():
    win = read(MONTHLY)[0]
    assert win.details == [
        "  - p99 went from 420 ms to 180 ms",
        "  - three teams adopted the library",
    ]
    assert win.body() == "- p99 went from 420 ms to 180 ms\n- three teams adopted the library"
    assert win.line == 4


def test_a_project_heading_is_context_in_the_body():
    atlas = read(MONTHLY)[3]
    assert atlas.body() == "Project: Project Atlas"


def test_projects_nest_under_a_year_and_take_dates_from_their_bullets():
    text = """\
## 2025
### Checkout
- Mar 4: Shipped one-click checkout
- Shipped saved cards (4 Jun)
### Search
#### Ranking
- Tuned the ranker (Nov 3, 2025)
"""
    assert summary(read(text)) == [
        ("Shipped one-click checkout", date(2025, 3, 4), "Checkout", []),
        ("Shipped saved cards", date(2025, 6, 4), "Checkout", []),
        ("Tuned the ranker", date(2025, 11, 3), "Search / Ranking", []),
    ]


def test_a_date_without_a_year_or_heading_is_the_latest_that_is_not_in_the_future():
    wins = read("- Shipped X (Mar 4)\n- Shipped Y (Dec 24)\n")
    assert [w.happened_on for w in wins] == [date(2026, 3, 4), date(2025, 12, 24)]


def test_quarters_and_weeks_without_a_year_take_the_heading_above():
    text = "# 2026\n## Q2 2026\n- A\n## Week of Mar 2\n- B\n## June\n- C\n"
    assert [w.happened_on for w in read(text)] == [
        date(2026, 4, 1),
        date(2026, 3, 2),
        date(2026, 6, 1),
    ]


def test_an_unknown_or_ambiguous_tag_stays_in_the_title_with_a_warning():
    win = read("- Fixed the flaky deploy #nope #grow\n")[0]
    assert win.title == "Fixed the flaky deploy #nope"
    assert [c.slug for c in win.criteria] == ["growing-others"]
    assert win.warnings == ["#nope is not a criterion of your ladder; it stays in the title."]
    assert not read("- Hardened #i\n")[0].criteria  # "#i" names two criteria
    assert "could be" in read("- Hardened #i\n")[0].warnings[0]


def test_issue_numbers_and_languages_are_not_tags():
    win = read("- Fixed #1234 in the C# client\n")[0]
    assert win.title == "Fixed #1234 in the C# client"
    assert win.warnings == [] and win.criteria == []


def test_links_are_kept_as_links_and_their_words_stay_in_the_title():
    win = read(
        "- Shipped [retry budgets](https://git.example/pr/7), see https://wiki.example/rb\n"
    )[0]
    assert win.title == "Shipped retry budgets, see"
    assert win.links == [
        ("retry budgets", "https://git.example/pr/7"),
        ("https://wiki.example/rb", "https://wiki.example/rb"),
    ]


def test_code_blocks_and_paragraphs_hold_no_wins():
    text = "## 2026-03\nSome notes about March.\n```\n- not a win\n```\n- A real win\n"
    assert [w.title for w in read(text)] == ["A real win"]


def test_a_document_without_bullets_has_no_wins():
    assert read("# My year\n\nI did many things, in prose.\n") == []


def test_an_undated_win_has_no_date_and_a_future_one_is_dated_today_with_a_warning():
    undated, future = read("- Undated win\n- 2026-12-25 Christmas launch\n")
    assert undated.happened_on is None
    assert future.happened_on == TODAY
    assert future.warnings == ["25 Dec 2026 is in the future; it is dated today."]


def test_the_key_is_stable_across_spacing_and_case_but_not_across_dates():
    first = read("## 2026-03\n- Shipped   retry budgets #cross\n")[0]
    again = read("## 2026-03\n\n* shipped retry budgets #CROSS\n")[0]
    other_month = read("## 2026-04\n- Shipped retry budgets #cross\n")[0]
    assert first.key == again.key
    assert first.key != other_month.key
    assert first.key == win_key(date(2026, 3, 1), "Shipped retry budgets #cross")


def test_the_same_win_twice_in_one_document_is_offered_once():
    wins = read("## 2026-03\n- Shipped X\n- Shipped X\n")
    assert [w.repeat for w in wins] == [False, True]
    assert [w.offered for w in wins] == [True, False]


def test_a_win_counts_when_it_names_a_criterion_and_is_a_draft_otherwise():
    tagged, untagged = read("- Wrote the doc #vision\n- Wrote another doc\n")
    assert tagged.counts and not untagged.counts


def test_a_very_long_win_is_shortened_in_the_title_and_kept_whole_in_the_body():
    words = "word " * 60
    win = read(f"- {words}\n")[0]
    assert len(win.short_title()) == 200 and win.short_title().endswith("…")
    assert win.body() == words.strip()


def test_crlf_and_tabs_read_like_newlines_and_spaces():
    text = "## 2026-03\r\n- Shipped X\r\n\t- detail\r\n"
    win = read(text)[0]
    assert win.title == "Shipped X" and win.details == ["    - detail"]
