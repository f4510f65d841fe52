"""manage.py import_org: an organisation export recreated in an empty promo, all or
nothing, with every problem of a file it refuses named."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import Artifact, ArtifactAttachment, ArtifactTag
from promo.candidacies.models import Candidacy
from promo.models import AuditEntry, Ladder, LadderChange, MentorAssignment, Team, User
from promo.portability.archive import read_archive
from promo.portability.org_import import organisation_import
from tests.portability.factories import everything_with_an_outcome
from tests.portability.roundtrip import (
    comparable_organisation,
    empty_promo,
    empty_the_organisation,
    export_organisation_zip,
    export_zip,
    imported_organisation,
    rewritten_export,
)
from tests.reviews.factories import artifact


@pytest.fixture
def exported(world, tmp_path):
    everything_with_an_outcome(world)
    path = tmp_path / "organisation.zip"
    return path, export_organisation_zip(path)


def _counts():
    return [
        model.objects.count()
        for model in (User, Team, Ladder, Candidacy, ArtifactAttachment, AuditEntry)
    ] + [Artifact.all_objects.count()]


def _refused(path, match):
    before = _counts()
    with pytest.raises(CommandError, match=match):
        call_command("import_org", str(path))
    assert _counts() == before


def test_the_round_trip_gives_the_same_export(world, exported, tmp_path):
    path, before = exported
    people = len(before["people"])
    empty_promo()
    output = imported_organisation(path)
    assert f"Imported {people} people, 2 new teams, 1 new ladders, 1 pieces of shared" in output
    assert "Nobody imported has a password yet" in output
    after = export_organisation_zip(tmp_path / "again.zip")
    assert comparable_organisation(after) == comparable_organisation(before)
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert User.objects.get(email="sam@example.com").is_staff  # an operator imports staff
    assert ArtifactAttachment.objects.get().file.read() == b"the ledger notes"
    entry = AuditEntry.objects.get(action="data_imported")
    assert entry.actor is None and f"Organisation import: {people} people" in entry.detail
    assert LadderChange.objects.filter(summary="Created from a YAML file.").count() == 1


def test_a_ladder_already_here_and_the_same_is_kept(world, exported):
    path, _ = exported
    empty_the_organisation()
    ladder = Ladder.objects.get()
    output = imported_organisation(path)
    assert f"Ladders already here, the same as the file's, were kept: {ladder.slug}." in output
    assert User.objects.get(email="olive@example.com").ladder == ladder


def test_a_ladder_here_that_differs_is_reported_not_guessed(world, exported):
    path, _ = exported
    empty_the_organisation()
    ladder = Ladder.objects.get()
    ladder.levels.filter(code="L5").update(title="Senior-ish")
    criterion = ladder.criteria.order_by("position").first()
    criterion.expectations.update(text="Something else")
    match = rf"“{ladder.slug}” here differs from the file's in levels, criteria {criterion.slug}\."
    _refused(path, match)


def test_people_already_here_are_listed_and_nothing_is_written(world, exported):
    path, _ = exported
    User.objects.exclude(email__in=["olive@example.com", "pia@example.com"]).delete()
    _refused(path, "2 of the file's people are already in this promo: olive@example.com, pia@")


def test_a_version_it_does_not_know_is_refused_naming_the_ones_it_reads(world, exported, tmp_path):
    path, _ = exported
    empty_promo()
    newer = rewritten_export(path, tmp_path, lambda document: document.update(version=2))
    _refused(newer, "of version 2; this promo reads version 1 only. Nothing was imported.")


def test_a_corrupted_zip_is_refused(world, exported, tmp_path):
    path, _ = exported
    empty_promo()
    content = bytearray(path.read_bytes())
    middle = len(content) // 3
    content[middle : middle + 64] = bytes(64)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(content))
    _refused(broken, "broken.zip is (corrupted|not a readable zip)")


def test_a_file_over_the_limit_is_refused_before_it_is_opened(world, settings, tmp_path):
    settings.PORTABILITY_IMPORT_MAX_BYTES = 100_000
    huge = tmp_path / "huge.zip"
    huge.write_bytes(bytes(1_000_000))
    _refused(huge, "huge.zip is 1,000,000 bytes; an import can be at most 100,000 bytes")


def test_a_personal_export_is_refused_and_sent_to_import_person(world, tmp_path):
    path = tmp_path / "olive.zip"
    export_zip(world.owner, path)
    _refused(path, "olive.zip is one person's own export.*import_person")


def _stored_files(settings):
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def test_it_is_all_or_nothing(world, exported, tmp_path, settings):
    """A failure halfway (a second attachment missing from the zip, after the first was
    stored) leaves no row and no file."""
    path, _ = exported

    def add_evidence_whose_file_is_missing(document):
        [olive] = [p for p in document["people"] if p["email"] == "olive@example.com"]
        shipped = olive["evidence"][0]
        missing = dict(shipped["attachments"][0], file="attachments/missing/notes.txt")
        olive["evidence"].append(shipped | {"id": 0, "title": "Again", "attachments": [missing]})

    partial = rewritten_export(path, tmp_path, add_evidence_whose_file_is_missing)
    empty_promo()
    files = _stored_files(settings)
    _refused(partial, "The zip lacks attachments/missing/notes.txt")
    assert _stored_files(settings) == files


def test_every_problem_of_a_bad_file_is_named_at_once(world, exported, tmp_path):
    path, _ = exported

    def damage(document):
        people = {person["email"]: person for person in document["people"]}
        people["olive@example.com"]["manager"] = "nobody@example.com"
        people["dana@example.com"]["manager"] = "maya@example.com"  # maya reports to dana
        people["ezra@example.com"]["level"] = "L99"
        people["ezra@example.com"]["time_zone"] = "Mars/Olympus_Mons"
        people["olive@example.com"]["evidence"][0]["tags"][0]["criterion"] = "telepathy"
        people["olive@example.com"]["candidacies"][0]["gaps"][0]["criterion"] = "clairvoyance"

    damaged = rewritten_export(path, tmp_path, damage)
    empty_promo()
    with pytest.raises(CommandError) as refused:
        call_command("import_org", str(damaged))
    message = str(refused.value)
    assert "olive@example.com's manager nobody@example.com is not in the file." in message
    assert "The management chain loops: dana@example.com → maya@example.com → dana" in message
    assert "ezra@example.com's level L99 is not on their ladder." in message
    assert "ezra@example.com's time zone 'Mars/Olympus_Mons' is not a name" in message
    assert "tagged with criteria no ladder here or in the file has" in message
    assert "telepathy" in message and "clairvoyance" in message
    assert message.endswith("Nothing was imported.")
    assert not User.objects.exists() and not Ladder.objects.exists()


def test_mentors_and_managers_come_across(world, exported):
    path, _ = exported
    empty_promo()
    imported_organisation(path)
    olive = User.objects.get(email="olive@example.com")
    assert olive.manager.email == "maya@example.com"
    assert olive.manager.manager.email == "dana@example.com"
    assert list(
        MentorAssignment.objects.filter(mentee=olive).values_list("mentor__email", flat=True)
    ) == ["pia@example.com"]
    assert olive.team.name == "Payments" and olive.level.code == "L5"


def test_a_file_that_repeats_itself_is_refused_with_the_rule_it_breaks(world, exported, tmp_path):
    path, _ = exported

    def mentor_twice(document):
        [olive] = [p for p in document["people"] if p["email"] == "olive@example.com"]
        olive["mentors"] *= 2

    repeated = rewritten_export(path, tmp_path, mentor_twice)
    empty_promo()
    # PostgreSQL names the constraint (..._mentor_assignment_...), SQLite the table.
    _refused(repeated, "conflicts with itself or with what was just added here .*mentor_?assign")


def _queries_to_import(path):
    document, archive = read_archive(path, max_bytes=10**8, scope="organisation")
    with archive, CaptureQueriesContext(connection) as captured:
        organisation_import(document=document, archive=archive)
    return len(captured)


def test_the_queries_do_not_grow_with_the_evidence(world, tmp_path):
    everything_with_an_outcome(world)
    export_organisation_zip(tmp_path / "few.zip")
    for n in range(10):
        made = artifact(world.owner, f"Shared work {n}")
        ArtifactTag.objects.create(
            artifact=made, criterion=world.owner.ladder.criteria.first(), strength="strong"
        )
        made.collaborators.add(world.other_engineer)
        made.teams_touched.add(world.owner.team)
    export_organisation_zip(tmp_path / "many.zip")
    empty_promo()
    few = _queries_to_import(tmp_path / "few.zip")
    empty_promo()
    assert _queries_to_import(tmp_path / "many.zip") == few


def test_people_keep_their_time_zones(world, tmp_path):
    everything_with_an_outcome(world)
    User.objects.filter(email="olive@example.com").update(time_zone="Asia/Kolkata")
    path = tmp_path / "organisation.zip"
    export_organisation_zip(path)
    empty_promo()
    imported_organisation(path)
    assert User.objects.get(email="olive@example.com").time_zone == "Asia/Kolkata"


def test_a_file_without_time_zones_puts_everyone_on_utc(world, exported, tmp_path):
    path, _ = exported

    def without_zones(document):
        for person in document["people"]:
            del person["time_zone"]

    older = rewritten_export(path, tmp_path, without_zones)
    empty_promo()
    imported_organisation(older)
    assert set(User.objects.values_list("time_zone", flat=True)) == {"UTC"}
