"""`manage.py import_people FILE [--dry-run]`: the staff page's import for operators."""

import io

import pytest
from django.core.management import CommandError, call_command

from promo.models import AuditEntry, User
from tests.promo.org.csv_files import BAD_FILE, GOOD_FILE


def _run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_says_what_would_change_and_writes_nothing(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD_FILE, encoding="utf-8")
    out, _ = _run(path, "--dry-run")
    assert "line 2: ivy@example.com created" in out
    assert "Would create 2, updated 2, unchanged 1, new teams 1. Dry run" in out
    assert not User.objects.filter(email="ivy@example.com").exists()


def test_it_applies_a_file_as_the_system_and_again_changes_nothing(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD_FILE, encoding="utf-8")
    out, _ = _run(path)
    assert "Created 2, updated 2, unchanged 1, new teams 1." in out
    ivy = User.objects.get(email="ivy@example.com")
    assert ivy.manager == world.director
    assert AuditEntry.objects.filter(subject=ivy, actor=None).exists()
    again, _ = _run(path)
    assert again.strip() == "Created 0, updated 0, unchanged 5."


def test_bad_rows_are_listed_by_line_and_nothing_is_written(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(BAD_FILE, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="8 problems. Nothing was changed."):
        call_command("import_people", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{path}:3: Unknown manager nobody@example.com" in err.getvalue()
    assert not User.objects.filter(email="new.lead@example.com").exists()


def test_a_file_that_is_not_text_or_not_there_is_refused(world, tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(CommandError, match="1 problem. Nothing was changed."):
        call_command("import_people", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_people", str(tmp_path / "missing.csv"))
