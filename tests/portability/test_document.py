"""The personal export's JSON: everything of the person's, checked against the published
schema, and nothing of anyone else's private data."""

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from promo.portability.archive import write_archive
from promo.portability.brag import brag_markdown
from promo.portability.document import personal_document
from tests.portability.factories import everything_of
from tests.reviews.factories import artifact

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "promo-export.schema.json").read_text()
)


@pytest.fixture
def everything(world):
    return everything_of(world)


def _zip(person):
    out, document = write_archive(person)
    with out:
        archive = zipfile.ZipFile(io.BytesIO(out.read()))
    return archive, document


def test_a_real_export_validates_against_the_published_schema(world, everything):
    archive, _ = _zip(world.owner)
    document = json.loads(archive.read("promo-export.json"))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["format"] == "promo-export" and document["version"] == 1


def test_it_carries_everything_that_is_the_owners(world, everything):
    archive, document = _zip(world.owner)
    titles = [entry["title"] for entry in document["evidence"]]
    assert titles == ["Ledger rewrite v2", "Quiet reorg help"]  # private evidence is theirs
    shipped = document["evidence"][0]
    assert [r["version"] for r in shipped["revisions"]] == [1, 2]
    assert shipped["revisions"][0]["snapshot"]["title"] == "Ledger rewrite"
    assert shipped["revisions"][0]["snapshot"]["teams_touched"] == ["Payments"]
    assert (
        shipped["tags"][0]["strength"] == "strong" and shipped["tags"][0]["rationale"] == "Led it"
    )
    attachment = shipped["attachments"][0]
    assert attachment["name"] == "notes.txt" and attachment["size"] == 16
    assert archive.read(attachment["file"]) == b"the ledger notes"
    recorded = [c for c in shipped["checkins"] if c["status"] == "recorded"]
    assert recorded[0]["outcome"] == "Refund tickets fell by half."
    [candidacy] = document["candidacies"]
    assert (candidacy["from_level"], candidacy["target_level"]) == ("L5", "L6")
    doc = candidacy["document"]
    assert [v["number"] for v in doc["versions"]] == [1]
    summary = doc["versions"][0]["sections"][0]["body"]
    assert summary == f"Led the ledger rewrite [evidence:{shipped['id']}]."
    assert all(not s["key"].startswith("criterion-") for s in doc["draft"])
    [thread] = doc["rounds"][0]["threads"]
    bodies = [c["body"] for c in thread["comments"]]
    assert bodies == ["Say what the refunds were worth.", "Added the numbers."]
    [verdict] = doc["rounds"][0]["verdicts"]
    criterion = world.owner.ladder.criteria.order_by("position").first()
    assert verdict["criterion"] == criterion.slug and verdict["value"] == "not_yet"
    assert verdict["reviewer"] == {"name": "Pia Principal", "email": "pia@example.com"}
    assert verdict["note"] == "Show the scope beyond your team."


def test_other_people_appear_by_name_and_email_only(world, everything):
    _, document = _zip(world.owner)
    comment = document["candidacies"][0]["document"]["rounds"][0]["threads"][0]["comments"][0]
    assert comment["author"] == {"name": "Pia Principal", "email": "pia@example.com"}
    assert document["evidence"][0]["collaborators"] == [
        {"name": "Ezra Engineer", "email": "ezra@example.com"}
    ]
    assert document["person"]["manager"] == {"name": "Maya Manager", "email": "maya@example.com"}


def test_a_managers_export_never_holds_a_reports_private_evidence(world, everything):
    artifact(world.manager, "Manager's own win", visibility="private")
    archive, document = _zip(world.manager)
    everything_in_the_zip = b"".join(archive.read(name) for name in archive.namelist())
    assert [e["title"] for e in document["evidence"]] == ["Manager's own win"]
    assert b"Quiet reorg help" not in everything_in_the_zip
    assert b"Ledger rewrite" not in everything_in_the_zip
    assert b"the ledger notes" not in everything_in_the_zip


def test_the_brag_document_has_a_section_per_month_with_tags_and_impact(world, everything):
    archive, document = _zip(world.owner)
    brag = archive.read("brag.md").decode()
    assert brag == brag_markdown(document)
    assert brag.index("## April 2026") < brag.index("## March 2026")  # newest first
    march = brag[brag.index("## March 2026") :]
    assert "### Ledger rewrite v2" in march
    assert "(strong)" in march and "**Impact:** Refunds settle in 2 s, not 2 days." in march
    assert "**Measured:** 2 days → 2 s" in march
    assert "Refund tickets fell by half." in march


def test_trashed_evidence_is_not_exported(world, everything):
    from evidence.services import artifact_trash

    artifact_trash(artifact=everything.secret, by=world.owner)
    document = personal_document(world.owner, files={})
    assert [e["title"] for e in document["evidence"]] == ["Ledger rewrite v2"]
