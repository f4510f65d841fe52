"""The organisation export: what staff take out of promo for backup or migration. Only what
owners share with their managers leaves; the rest of the job is the personal export's."""

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from referencing import Registry, Resource

from evidence.models import Artifact
from promo.models import AuditEntry
from promo.portability.archive import ArchiveError, read_archive
from promo.portability.models import PersonalExport
from promo.portability.organisation import organisation_document
from promo.portability.services import organisation_export_request, personal_export_build
from tests.factories import MentorAssignmentFactory, engineer
from tests.portability.factories import everything_with_an_outcome
from tests.reviews.factories import artifact, candidacy_for
from tests.workers import poll_while_a_worker_runs, publishing_to_a_queue_of_its_own

DOCS = Path(__file__).resolve().parents[2] / "docs"
PERSONAL_SCHEMA = json.loads((DOCS / "promo-export.schema.json").read_text())
ORG_SCHEMA = json.loads((DOCS / "promo-org-export.schema.json").read_text())
SCHEMAS = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in (PERSONAL_SCHEMA, ORG_SCHEMA)
)
NEVER = [
    "MARKER-PRIVATE-7f3a",
    "MARKER-MENTORS-ONLY-91c2",
    "MARKER-DRAFT-5be0",
    "MARKER-TRASH-0d4e",
]
SHARED = "MARKER-SHARED-c81d"


def _with_secrets(world):
    """The owner's evidence of every visibility, each with a unique marker in title and body,
    and a case with a gap and an outcome."""
    everything = everything_with_an_outcome(world)
    owner = world.owner
    for marker, fields in zip(
        NEVER,
        [{"visibility": "private"}, {"visibility": "mentors"}, {"is_draft": True}, {}],
        strict=True,
    ):
        made = artifact(owner, marker, **fields)
        made.body = f"{marker} in the body"
        made.save(update_fields=["body"])
    # Shared, but in the trash.
    Artifact.all_objects.filter(title=NEVER[-1]).update(deleted_at=timezone.now())
    shared = artifact(owner, SHARED)
    shared.body = f"{SHARED} in the body"
    shared.save(update_fields=["body"])
    return everything


def _packed(staff):
    """The organisation export's zip, packed the way the worker packs it."""
    export = organisation_export_request(by=staff)
    personal_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == "done", export.error
    return export, Path(export.file.path)


def _all_text(path):
    with zipfile.ZipFile(path) as archive:
        members = archive.namelist()
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in members)


def test_only_evidence_shared_with_managers_leaves(world):
    everything = _with_secrets(world)
    _, path = _packed(world.staff)
    text = _all_text(path)
    for marker in NEVER:
        assert marker not in text
    assert "Quiet reorg help" not in text  # everything_of's private evidence
    assert SHARED in text and "Ledger rewrite v2" in text
    with zipfile.ZipFile(path) as archive:
        document = json.loads(archive.read("promo-export.json"))
        [owner] = [p for p in document["people"] if p["email"] == world.owner.email]
        shipped = next(e for e in owner["evidence"] if e["title"] == "Ledger rewrite v2")
        assert shipped["revisions"] == []  # earlier versions may predate the sharing
        assert archive.read(shipped["attachments"][0]["file"]) == b"the ledger notes"
    assert everything.shipped.revisions.count() == 2  # there was history to leave out


def test_it_validates_against_the_published_schema_and_carries_the_organisation(world):
    _with_secrets(world)
    MentorAssignmentFactory(mentor=world.unassigned_mentor, mentee=world.owner)
    _, path = _packed(world.staff)
    with zipfile.ZipFile(path) as archive:
        document = json.loads(archive.read("promo-export.json"))
    validator = jsonschema.Draft202012Validator(
        ORG_SCHEMA, registry=SCHEMAS, format_checker=jsonschema.FormatChecker()
    )
    validator.validate(document)
    assert (document["format"], document["version"], document["scope"]) == (
        "promo-export",
        1,
        "organisation",
    )
    assert {"Payments", "Search"} <= {team["name"] for team in document["teams"]}
    assert [ladder["slug"] for ladder in document["ladders"]] == [world.owner.ladder.slug]
    [owner] = [p for p in document["people"] if p["email"] == world.owner.email]
    assert owner["manager"] == world.manager.email and owner["active"] is True
    assert owner["team"] == "Payments" and owner["level"] == world.owner.level.code
    assert sorted(owner["mentors"]) == sorted([world.mentor.email, world.unassigned_mentor.email])
    [case] = owner["candidacies"]
    assert case["document"] is None  # promo docs stay personal
    assert case["submissions"][0]["outcome"] == "not_yet"
    assert case["gaps"][0]["text"] == "Lead a cross-team project"


def test_the_personal_import_refuses_an_organisation_file(world):
    _, path = _packed(world.staff)
    with pytest.raises(ArchiveError, match="export of the whole organisation"):
        read_archive(path, max_bytes=10**8)


def test_only_staff_may_ask(world):
    with pytest.raises(PermissionDenied):
        organisation_export_request(by=world.manager)


def _queries_for_the_document():
    with CaptureQueriesContext(connection) as captured:
        organisation_document(files={})
    return len(captured)


def test_the_query_count_holds_as_people_grow(world):
    _with_secrets(world)
    few = _queries_for_the_document()
    for n in range(8):
        person = engineer("L5", team=world.owner.team, manager=world.manager)
        MentorAssignmentFactory(mentor=world.mentor, mentee=person)
        artifact(person, f"Shared work {n}")
        artifact(person, f"Private work {n}", visibility="private")
        candidacy_for(person)
    assert _queries_for_the_document() == few


def test_the_page_starts_an_audited_export_only_its_asker_downloads(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("staff_export")).content.decode()
    assert "Export the organisation" in page and "csrfmiddlewaretoken" in page
    response = client.post(reverse("staff_export"))
    export = PersonalExport.objects.get(person=world.staff, scope="organisation")
    assert response["Location"] == reverse("portability_export", args=[export.pk])
    entry = AuditEntry.objects.get(target_id=str(export.pk), action="data_exported")
    assert entry.actor == world.staff and "Organisation export" in entry.detail
    personal_export_build(export_id=export.pk)
    status = client.get(reverse("portability_export", args=[export.pk])).content.decode()
    assert "Organisation export" in status and "promo-organisation-export-" in status
    download = reverse("portability_export_download", args=[export.pk])
    assert b"".join(client.get(download).streaming_content).startswith(b"PK")
    other_staff = engineer("L6", is_staff=True)
    for someone in (other_staff, world.owner, world.manager):
        client.force_login(someone)
        assert client.get(download).status_code == 404
    # Demoted, the asker no longer reaches it; and it is never on a personal page.
    world.staff.is_staff = False
    world.staff.save(update_fields=["is_staff"])
    client.force_login(world.staff)
    assert client.get(download).status_code == 404
    assert f"/me/exports/{export.pk}/" not in client.get(reverse("profile")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_export_packs_on_a_real_worker_while_the_page_polls(client, world):
    _with_secrets(world)
    client.force_login(world.staff)
    with publishing_to_a_queue_of_its_own("portability") as queue:
        client.post(reverse("staff_export"))
    export = PersonalExport.objects.get(person=world.staff)
    url = reverse("portability_export", args=[export.pk])
    fragment = poll_while_a_worker_runs(client, url, queue)
    assert "Your export is ready" in fragment and "hx-trigger" not in fragment
    download = client.get(reverse("portability_export_download", args=[export.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert json.loads(archive.read("promo-export.json"))["scope"] == "organisation"
