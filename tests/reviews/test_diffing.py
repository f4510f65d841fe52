"""What changed between versions: Markdown with inserted and deleted text marked."""

from reviews.diffing import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    has_changes,
    marked_body,
    section_changes,
)
from reviews.marks import DEL_CLOSE, DEL_OPEN, INS_CLOSE, INS_OPEN


def _visible(marked):
    """Marks as readable brackets, for assertions."""
    for mark, shown in {INS_OPEN: "{+", INS_CLOSE: "+}", DEL_OPEN: "[-", DEL_CLOSE: "-]"}.items():
        marked = marked.replace(mark, shown)
    return marked


def test_an_edited_line_marks_only_the_words_that_changed():
    marked = marked_body("- It cut latency by half.", "- It cut latency by two thirds.")
    assert _visible(marked) == "- It cut latency by [-half.-]{+two thirds.+}"


def test_added_and_removed_lines_are_marked_after_their_list_marker():
    marked = marked_body("Intro\n- one\n- two", "Intro\n- one\n- three teams adopted it\n- four")
    lines = _visible(marked).splitlines()
    assert lines[0] == "Intro" and lines[1] == "- one"
    assert "- [-two-]" in lines and "- {+three teams adopted it+}" in lines
    assert "- {+four+}" in lines


def test_a_citation_and_a_link_change_as_a_whole_never_split():
    marked = marked_body("See [evidence:7] and [doc](https://a.example)", "See [evidence:71]")
    shown = _visible(marked)
    assert "[-[evidence:7]" in shown and "{+[evidence:71]+}" in shown
    assert "[doc](https://a.example)" in shown


def test_user_text_cannot_forge_a_mark():
    marked = marked_body("", f"{INS_OPEN}fake{DEL_CLOSE}")
    assert marked == f"{INS_OPEN}fake{INS_CLOSE}"


def test_sections_say_whether_they_changed_were_added_or_removed():
    old = [
        {"key": "summary", "title": "Summary", "body": "Same"},
        {"key": "criterion-1", "title": "Scope", "body": "Old"},
        {"key": "criterion-2", "title": "Gone", "body": "Bye"},
    ]
    new = [
        {"key": "summary", "title": "Summary", "body": "Same"},
        {"key": "criterion-1", "title": "Scope and impact", "body": "Old"},
        {"key": "criterion-3", "title": "New", "body": "Hello"},
    ]
    changes = {c.key: c for c in section_changes(old, new)}
    assert changes["summary"].status == SAME and changes["summary"].marked == "Same"
    assert changes["criterion-1"].status == CHANGED and changes["criterion-1"].old_title == "Scope"
    assert changes["criterion-3"].status == ADDED
    assert changes["criterion-2"].status == REMOVED and DEL_OPEN in changes["criterion-2"].marked
    assert has_changes(changes.values())
    assert not has_changes(section_changes(old, old))
