"""The audit log names evidence by kind and id; its title shows only to whoever may read
the evidence at the moment the log is shown, and older entries forget the titles they kept."""

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.services import artifact_create, artifact_trash
from promo.models import AuditEntry
from tests.factories import UserFactory

MIGRATION = "0014_audit_entries_forget_evidence_titles"


def _trashed(world, title, **data):
    artifact = artifact_create(owner=world.owner, data={"title": title, **data})
    artifact_trash(artifact=artifact, by=world.owner)
    return artifact


def _restored(world, title, **data):
    from evidence.services import artifact_restore

    artifact = _trashed(world, title, **data)
    artifact_restore(artifact=artifact, by=world.owner)
    return artifact


def test_new_entries_keep_no_evidence_title(world):
    artifact = _trashed(world, "Secret reorg plan", visibility="private")
    entry = AuditEntry.objects.get(target_type="evidence.artifact", target_id=str(artifact.pk))
    assert entry.target_label == "" and "Secret reorg plan" not in entry.detail


def test_staff_see_titles_of_shared_evidence_only(client, world):
    private = _restored(world, "Private musings", visibility="private")
    draft = _restored(world, "Half-written draft", is_draft=True)
    _restored(world, "Shipped the checkout")
    client.force_login(world.staff)
    page = client.get(reverse("staff_audit")).content.decode()
    assert "Private musings" not in page and "Half-written draft" not in page
    assert f"Evidence #{private.pk}" in page and f"Evidence #{draft.pk}" in page
    assert "Shipped the checkout" in page


def test_a_title_follows_the_visibility_of_now(client, world):
    from evidence.models import Artifact

    artifact = _restored(world, "Shipped the checkout")
    Artifact.objects.filter(pk=artifact.pk).update(visibility="private")
    client.force_login(world.staff)
    assert "Shipped the checkout" not in client.get(reverse("staff_audit")).content.decode()


def test_the_staff_log_costs_the_same_queries_for_one_entry_or_many(client, world):
    client.force_login(world.staff)
    counts = []
    for count in (1, 12):
        for n in range(count):
            owner = UserFactory()
            artifact = artifact_create(owner=owner, data={"title": f"Work {n}"})
            artifact_trash(artifact=artifact, by=owner)
        client.get(reverse("staff_audit"))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("staff_audit"))
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_migration_clears_stored_titles_and_file_names(world):
    AuditEntry(
        action=AuditEntry.Action.EVIDENCE_EXPORTED,
        target_type="evidence.artifact",
        target_id="7",
        target_label="Private musings",
        detail="Downloaded the attachment musings.pdf",
    ).save()
    AuditEntry(
        action=AuditEntry.Action.ROLE_CHANGED,
        target_type="promo.user",
        target_id=str(world.owner.pk),
        target_label="Olive Owner",
    ).save()
    historical = MigrationLoader(connection).project_state(("promo", MIGRATION)).apps
    migration = __import__(f"promo.migrations.{MIGRATION}", fromlist=["forget_titles"])
    migration.forget_titles(historical, None)
    evidence = AuditEntry.objects.get(target_type="evidence.artifact")
    assert evidence.target_label == "" and evidence.detail == "Downloaded an attachment"
    assert AuditEntry.objects.get(target_type="promo.user").target_label == "Olive Owner"
