"""The quick-capture line reader, on plain objects: no database, no clock."""

from datetime import date
from types import SimpleNamespace

from evidence.capture import parse_capture

CRITERIA = [
    SimpleNamespace(slug="scope", name="Scope and complexity"),
    SimpleNamespace(slug="impact", name="Delivery and measured impact"),
    SimpleNamespace(slug="leverage", name="Cross-team leverage and influence"),
    SimpleNamespace(slug="vision", name="Long-term vision"),
    SimpleNamespace(slug="growing-others", name="Growing others"),
]
ANA = SimpleNamespace(email="ana@example.com", display_name="Ana Lima")
ANDRE = SimpleNamespace(email="andre.s@example.com", display_name="André Silva")
SAM = SimpleNamespace(email="sam@example.com", display_name="Sam Okafor")
PEOPLE = [ANA, ANDRE, SAM]
MONDAY = date(2026, 11, 30)
THURSDAY = date(2026, 11, 26)


def read(line, today=THURSDAY):
    return parse_capture(line, criteria=CRITERIA, people=PEOPLE, today=today)


def test_it_reads_everything_in_one_line():
    capture = read("Shipped retry budgets #cross !strong yesterday https://git.example/pr/7 @sam")
    assert capture.title == "Shipped retry budgets"
    assert [c.slug for c in capture.criteria] == ["leverage"]
    assert capture.strength == "strong"
    assert capture.happened_on == date(2026, 11, 25)
    assert capture.links == [("git.example/pr/7", "https://git.example/pr/7")]
    assert capture.collaborators == [SAM]
    assert capture.warnings == []
    assert capture.counts


def test_criteria_match_by_slug_name_or_any_word_of_the_name():
    for tag in ["#leverage", "#cross", "#cross-team", "#CROSS-TEAM-LEVERAGE", "#lev", "#team"]:
        assert [c.slug for c in read(f"x {tag}").criteria] == ["leverage"], tag
    assert [c.slug for c in read("x #growing").criteria] == ["growing-others"]


def test_an_exact_slug_wins_over_prefixes():
    criteria = [*CRITERIA, SimpleNamespace(slug="scoped", name="Scoped work")]
    capture = parse_capture("x #scope", criteria=criteria, people=[], today=THURSDAY)
    assert [c.slug for c in capture.criteria] == ["scope"]


def test_an_ambiguous_tag_is_a_warning_listing_the_candidates_and_stays():
    capture = read("Wrote it up #i")  # impact, influence (Cross-team leverage and influence)
    assert capture.criteria == []
    assert capture.title == "Wrote it up #i"
    assert capture.warnings == [
        "#i could be #impact (Delivery and measured impact), "
        "#leverage (Cross-team leverage and influence): type more of it."
    ]


def test_an_unknown_tag_is_a_warning_and_stays_in_the_title():
    capture = read("Fixed the flaky test #nope #scope")
    assert capture.title == "Fixed the flaky test #nope"
    assert [c.slug for c in capture.criteria] == ["scope"]
    assert capture.warnings == ["#nope is not a criterion of your ladder; it stays in the title."]


def test_anchors_entities_and_emails_are_plain_text():
    capture = read("C# &#scope; x#scope mail ana@example.com")
    assert capture.title == "C# &#scope; x#scope mail ana@example.com"
    assert not capture.understood_anything
    assert capture.warnings == []


def test_a_repeated_tag_counts_once():
    assert len(read("x #scope #Scope #scope-and").criteria) == 1


def test_strength_and_draft_markers():
    assert read("x !exemplary").strength == "exemplary"
    assert read("x").strength == "signal"
    capture = read("x #scope !draft")
    assert capture.draft and not capture.counts
    assert not read("x").counts  # untagged: a draft whatever it says
    assert read("Fixed it !wow").title == "Fixed it !wow"


def test_dates():
    assert read("x 2026-11-03").happened_on == date(2026, 11, 3)
    assert read("x today").happened_on == THURSDAY
    assert read("x mon").happened_on == date(2026, 11, 23)
    assert read("x Monday").happened_on == date(2026, 11, 23)
    assert read("x fri").happened_on == date(2026, 11, 20)
    assert read("x mon", today=MONDAY).happened_on == MONDAY  # the most recent Monday
    assert read("x sun", today=MONDAY).happened_on == date(2026, 11, 29)
    assert read("planned the month").happened_on is None
    assert read("x").happened_on is None


def test_a_bad_or_future_date_is_a_warning_and_stays():
    capture = read("x 2026-13-45")
    assert capture.title == "x 2026-13-45"
    assert capture.warnings == ["2026-13-45 is not a date; it stays in the title."]
    future = read("x 2027-01-01")
    assert future.happened_on is None
    assert future.warnings == ["2027-01-01 is in the future; it stays in the title."]


def test_only_the_first_date_is_taken():
    capture = read("x yesterday 2026-11-03")
    assert capture.happened_on == date(2026, 11, 25)
    assert capture.title == "x 2026-11-03"


def test_links_lose_trailing_punctuation():
    capture = read("See http://a.example/x, and https://b.example/.")
    assert [url for _, url in capture.links] == ["http://a.example/x", "https://b.example/"]
    assert capture.title == "See and"


def test_people_by_email_local_part_or_name():
    assert read("x @andre.s").collaborators == [ANDRE]
    assert read("x @Sam").collaborators == [SAM]
    assert read("x @sam-okafor").collaborators == [SAM]
    ambiguous = read("Paired @an")
    assert ambiguous.collaborators == []
    assert ambiguous.title == "Paired @an"
    assert ambiguous.warnings == ["@an could be Ana Lima, André Silva: type more of it."]
    nobody = read("x @zed")
    assert nobody.warnings == ["@zed is nobody here; it stays in the title."]


def test_only_tokens_leave_the_title_spacing_is_tidied():
    assert read("  Unblocked   Ana  #scope  ").title == "Unblocked Ana"
