"""manage.py import_person: a personal export recreated in another promo, all or nothing,
with a clear message for a file it cannot read."""

import zipfile

import pytest
from django.core.management import CommandError, call_command

from evidence.models import Artifact, ArtifactAttachment
from promo.models import AuditEntry, User
from reviews.models import Verdict
from tests.portability.factories import everything_of
from tests.portability.roundtrip import (
    comparable,
    empty_the_organisation,
    export_zip,
    imported,
    rewritten_export,
)


@pytest.fixture
def exported(world, tmp_path):
    everything_of(world)
    path = tmp_path / "olive.zip"
    return path, export_zip(world.owner, path)


def _counts():
    return (User.objects.count(), Artifact.all_objects.count(), ArtifactAttachment.objects.count())


def test_the_round_trip_gives_the_same_export(world, exported, tmp_path):
    path, before = exported
    empty_the_organisation()
    output = imported(path)
    assert "Imported olive@example.com: 2 pieces of evidence, 1 cases." in output
    assert "pia@example.com" in output  # the mentor, as an inactive account
    olive = User.objects.get(email="olive@example.com")
    assert not olive.has_usable_password()
    assert not User.objects.get(email="pia@example.com").is_active
    entry = AuditEntry.objects.get(action="data_imported")
    assert entry.subject == olive and entry.actor is None
    assert entry.detail == "Personal import: 2 pieces of evidence, 1 cases"
    after = export_zip(olive, tmp_path / "again.zip")
    assert comparable(after) == comparable(before)
    attachment = ArtifactAttachment.objects.get()
    assert attachment.file.read() == b"the ledger notes"


def test_a_version_it_does_not_know_is_refused_naming_the_ones_it_reads(world, exported, tmp_path):
    path, _ = exported
    newer = rewritten_export(path, tmp_path, lambda document: document.update(version=2))
    before = _counts()
    with pytest.raises(CommandError, match="of version 2; this promo reads version 1 only"):
        call_command("import_person", str(newer))
    assert _counts() == before


def test_a_corrupted_zip_is_refused(world, exported, tmp_path):
    path, _ = exported
    content = bytearray(path.read_bytes())
    middle = len(content) // 3
    content[middle : middle + 64] = bytes(64)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(content))
    before = _counts()
    with pytest.raises(CommandError, match="broken.zip is (corrupted|not a readable zip)"):
        call_command("import_person", str(broken))
    assert _counts() == before


def test_a_file_ten_times_the_limit_is_refused_before_it_is_opened(world, settings, tmp_path):
    settings.PORTABILITY_IMPORT_MAX_BYTES = 100_000
    huge = tmp_path / "huge.zip"
    huge.write_bytes(bytes(1_000_000))
    before = _counts()
    with pytest.raises(CommandError, match="huge.zip is 1,000,000 bytes; an import can be at most"):
        call_command("import_person", str(huge))
    assert _counts() == before


def test_unknown_criteria_are_reported_never_guessed(world, exported, tmp_path):
    path, _ = exported

    def rename(document):
        document["evidence"][0]["tags"][0]["criterion"] = "telepathy"

    renamed = rewritten_export(path, tmp_path, rename)
    empty_the_organisation()
    with pytest.raises(CommandError, match="has no criteria named telepathy. Add them"):
        call_command("import_person", str(renamed))
    assert not User.objects.exists() and not Artifact.all_objects.exists()


def test_it_is_all_or_nothing(world, exported, tmp_path):
    """A failure halfway (an attachment missing from the zip) leaves no row and no file."""
    path, _ = exported
    with zipfile.ZipFile(path) as source:
        members = {n: source.read(n) for n in source.namelist() if not n.startswith("attach")}
    partial = tmp_path / "partial.zip"
    with zipfile.ZipFile(partial, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    empty_the_organisation()
    with pytest.raises(CommandError, match="The zip lacks attachments/"):
        call_command("import_person", str(partial))
    assert not User.objects.exists() and not Artifact.all_objects.exists()


def test_someone_who_already_has_data_here_is_refused(world, exported):
    path, _ = exported
    with pytest.raises(CommandError, match="olive@example.com already has evidence or a case"):
        call_command("import_person", str(path))


def test_the_verdicts_come_back_and_an_unknown_verdict_criterion_is_refused(
    world, exported, tmp_path
):
    path, before = exported
    [verdict] = before["candidacies"][0]["document"]["rounds"][0]["verdicts"]

    def rename(document):
        document["candidacies"][0]["document"]["rounds"][0]["verdicts"][0]["criterion"] = "x-ray"

    renamed = rewritten_export(path, tmp_path, rename)
    empty_the_organisation()
    with pytest.raises(CommandError, match="has no criteria named x-ray"):
        call_command("import_person", str(renamed))
    imported(path)
    [restored] = Verdict.objects.select_related("criterion", "reviewer")
    assert (restored.criterion.slug, restored.value) == (verdict["criterion"], "not_yet")
    assert restored.reviewer.email == "pia@example.com"


def test_an_export_written_before_verdicts_and_gap_submissions_still_imports(
    world, exported, tmp_path
):
    path, _ = exported

    def drop(document):
        for candidacy in document["candidacies"]:
            for gap in candidacy["gaps"]:
                gap.pop("submission")
            for review_round in candidacy["document"]["rounds"]:
                review_round.pop("verdicts")

    older = rewritten_export(path, tmp_path, drop)
    empty_the_organisation()
    assert "Imported olive@example.com" in imported(older)
    assert not Verdict.objects.exists()
