"""The models and their migrations agree: moving a module between domain folders, or a
field between models, must come with its migration."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_makemigrations_finds_nothing_to_write(capsys):
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    except SystemExit as exit_:
        pytest.fail(f"models changed without a migration:\n{capsys.readouterr().out}")
        raise AssertionError from exit_
    assert "No changes detected" in capsys.readouterr().out
