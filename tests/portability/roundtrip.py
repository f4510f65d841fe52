"""Export, import into an emptied database, export again: the helpers the round-trip
tests share."""

import io
import json
import zipfile

from django.core.management import call_command

from promo.models import Committee, Cycle, Ladder, Nomination, Team, User, Vote
from promo.portability.archive import pack_archive, write_archive
from promo.portability.organisation import organisation_document, shared_attachments
from reviews.citations import CITATION_RE


def rewritten_export(path, tmp_path, change):
    """A copy of the export at `path` with its JSON changed by `change(document)`."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    document = json.loads(members["promo-export.json"])
    change(document)
    members["promo-export.json"] = json.dumps(document).encode()
    copy = tmp_path / "changed.zip"
    with zipfile.ZipFile(copy, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    return copy


def export_zip(person, path):
    """Write `person`'s export to `path`; returns its JSON document."""
    out, document = write_archive(person)
    with out:
        path.write_bytes(out.read())
    return json.loads(json.dumps(document))


def empty_the_organisation():
    """What a fresh promo has: its ladders, and no people, teams or promotion cycles."""
    for model in (Vote, Nomination, Committee, Cycle):  # each protects the next
        model.objects.all().delete()
    User.objects.all().delete()
    Team.objects.all().delete()


def imported(path):
    out = io.StringIO()
    call_command("import_person", str(path), stdout=out)
    return out.getvalue()


def comparable(document):
    """The document without what an import may change: the export's own time, and ids
    (evidence numbered by position instead, in citations and threads too)."""
    document = json.loads(json.dumps(document))
    document.pop("exported_at")
    position = {entry["id"]: n for n, entry in enumerate(document["evidence"])}
    for entry in document["evidence"]:
        entry["id"] = position[entry["id"]]

    def renumber(text):
        return CITATION_RE.sub(lambda m: f"[evidence:#{position.get(int(m[1]), 'gone')}]", text)

    for candidacy in document["candidacies"]:
        doc = candidacy["document"]
        if doc is None:
            continue
        for section in doc["draft"] + [s for v in doc["versions"] for s in v["sections"]]:
            section["body"] = renumber(section["body"])
        for review_round in doc["rounds"]:
            for thread in review_round["threads"]:
                if thread["evidence_id"] is not None:
                    thread["evidence_id"] = position.get(thread["evidence_id"], "gone")
    return document


def zip_bytes(path):
    return zipfile.ZipFile(path)


def export_organisation_zip(path):
    """Write the organisation export to `path`, packed as the worker packs it; returns its
    JSON document."""
    out, document = pack_archive(
        shared_attachments(), lambda files: organisation_document(files=files)
    )
    with out:
        path.write_bytes(out.read())
    return json.loads(json.dumps(document))


def empty_promo():
    """A promo with nobody, no teams and no ladders: where an organisation is imported."""
    empty_the_organisation()
    Ladder.objects.all().delete()


def imported_organisation(path):
    out = io.StringIO()
    call_command("import_org", str(path), stdout=out)
    return out.getvalue()


def comparable_organisation(document):
    """The organisation document without the export's own time and with evidence numbered
    by its position instead of its id."""
    document = json.loads(json.dumps(document))
    document.pop("exported_at")
    evidence = [entry for person in document["people"] for entry in person["evidence"]]
    for position, entry in enumerate(evidence):
        entry["id"] = position
    return document
