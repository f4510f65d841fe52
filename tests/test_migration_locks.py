"""Every migration operation that would lock or rewrite a large table, or break the release
still running during an upgrade (tests/migration_locks.py), has been reviewed: it is in
REVIEWED with the reason it is acceptable. A new one fails here until someone reviews it:
make it safe (docs/deploy.md, "Expand and contract") or add it with its reason."""

import pytest
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import connection, migrations, models
from django.db.migrations.state import ModelState, ProjectState

from tests.migration_locks import risky_operations, why_risky

SCHEDULE_ROWS = "writes a few rows of django_celery_beat's schedule tables, not ours"

REVIEWED = {
    "promo.0002_heartbeat_schedule: Run add_schedule": SCHEDULE_ROWS,
    "evidence.0003_purge_trash_schedule: Run add_schedule": SCHEDULE_ROWS,
    "promo.0004_impact_checkins: Run add_schedule": SCHEDULE_ROWS,
    "promo.0004_nudge_schedules: Run add_schedules": SCHEDULE_ROWS,
    "promo.0007_readiness_snapshots: Run add_schedule": SCHEDULE_ROWS,
    "promo.0010_snapshot_refresh_outbox: Run add_schedule": SCHEDULE_ROWS,
    "promo.0010_nudge_claim_lease: Run relay_every_30_seconds": SCHEDULE_ROWS,
    "promo.0019_github: Run add_schedule": SCHEDULE_ROWS,
    "promo.0021_personal_exports: Run add_schedule": SCHEDULE_ROWS,
    "promo.0024_user_deactivated_at: Run add_schedule": SCHEDULE_ROWS,
    "promo.0026_pulse: Run add_schedule": SCHEDULE_ROWS,
    "promo.0031_idempotency: Run add_schedule": SCHEDULE_ROWS,
    "reviews.0004_export_relay_schedule: Run add_schedule": SCHEDULE_ROWS,
    "evidence.0002_artifact_search_index: Create index artifact_search_gin on "
    "SearchVector(F(title)) || SearchVector(F(impact)) || SearchVector(F(body) || ' ' || "
    "F(metrics)) on model artifact": (
        "blocks writes to evidence while the GIN index builds; accepted when evidence tables "
        "were young. An index on artifact today is AddIndexConcurrently in a non-atomic "
        "migration"
    ),
    "evidence.0004_artifact_owner_live_order: Create index artifact_owner_live_order on "
    "field(s) owner, -happened_on, -id of model artifact": (
        "a b-tree on three columns: blocks evidence writes for the seconds it builds; "
        "accepted as above, the next one is concurrent"
    ),
    "promo.0032_facts_version_triggers: Run create_triggers": (
        "creates functions and statement-level triggers: catalog changes, each taking its "
        "table's SHARE ROW EXCLUSIVE lock for an instant, no scan and no rewrite"
    ),
    "promo.0007_nudge_claim_person_no_db_constraint: Alter field person on nudgeclaim": (
        "drops a foreign key constraint: a catalog change, no scan and no rewrite"
    ),
    "promo.0009_snapshot_shown_count: Run count_shown_cells": (
        "one readiness snapshot per person, saved by primary key in chunks of 500: row "
        "locks only, seconds for thousands of people"
    ),
    "promo.0013_candidacy_reads_manager_and_mentors_from_the_org: Remove field manager "
    "from candidacy": (
        "contract step for reading the manager from the org; candidacies are few (one per "
        "case) and the drop is a catalog change"
    ),
    "promo.0013_candidacy_reads_manager_and_mentors_from_the_org: Remove field mentors "
    "from candidacy": "drops the small join table of the same contract step",
    "promo.0014_audit_entries_forget_evidence_titles: Run forget_titles": (
        "two UPDATEs on the audit log: row locks only, no table lock, so the running release "
        "keeps writing entries while it runs"
    ),
    "promo.0017_checkin_backlog_and_invitations: Create constraint "
    "checkin_unmeasurable_has_reason_and_no_outcome on model impactcheckin": (
        "validates a CHECK over impact check-ins (a few per shipped artifact): one scan, "
        "blocking check-in writes only"
    ),
    "promo.0027_criterion_confirmation: Create constraint "
    "criterion_min_confirming_teams_positive on model criterion": (
        "validates a CHECK over ladder criteria: tens of rows"
    ),
    **{
        f"promo.0029_nudge_claim_open_indexes: Create index {name} on field(s) {field} of "
        "model nudgeclaim": (
            "blocks writes to nudge claims while it builds (a scan of the table, seconds at "
            "millions of claims): only the planner and delivery jobs write claims, and they "
            "wait for the lock; no request writes one"
        )
        for name, field in [
            ("nudge_claim_open_only", "not_before"),
            ("nudge_claim_sending_only", "sending_at"),
            ("nudge_claim_created_brin", "created_at"),
        ]
    },
}


def test_every_risky_migration_operation_has_been_reviewed():
    found = risky_operations()
    unreviewed = {key: why for key, why in found.items() if key not in REVIEWED}
    assert not unreviewed, (
        "migration operations that lock or rewrite a table, or break the running release, "
        "not reviewed (docs/deploy.md, 'Expand and contract'); make them safe or add them "
        "to REVIEWED with the reason they are acceptable:\n"
        + "\n".join(f"  {key!r}: {why}" for key, why in unreviewed.items())
    )
    assert not REVIEWED.keys() - found.keys(), "REVIEWED names operations that are gone"


@pytest.mark.django_db
def test_postgres_adds_a_column_with_a_constant_default_without_a_rewrite():
    # The walker lets AddField with a default through because PostgreSQL 11 and later
    # store the default in the catalog instead of writing it into every row.
    assert connection.vendor != "postgresql" or connection.pg_version >= 110000


def _state():
    state = ProjectState()
    state.add_model(
        ModelState(
            "promo",
            "thing",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("title", models.CharField(max_length=50, choices=[("a", "A")])),
                ("count", models.IntegerField(default=0)),
            ],
        )
    )
    return state


@pytest.mark.parametrize(
    "operation",
    [
        migrations.AddIndex("thing", models.Index(fields=["title"], name="thing_title")),
        migrations.AlterField("thing", "title", models.CharField(max_length=80)),
        migrations.AlterField("thing", "count", models.BigIntegerField(default=0)),
        migrations.AddField("thing", "owner", models.ForeignKey("promo.User", models.CASCADE)),
        migrations.AddField("thing", "code", models.CharField(max_length=9, unique=True)),
        migrations.AddField("thing", "size", models.IntegerField()),
        migrations.RemoveField("thing", "count"),
        migrations.RenameField("thing", "count", "total"),
        migrations.RunSQL("UPDATE promo_thing SET count = 1"),
        migrations.AddConstraint(
            "thing", models.CheckConstraint(condition=models.Q(count__gte=0), name="pos")
        ),
    ],
    ids=lambda operation: type(operation).__name__,
)
def test_the_walker_flags_what_locks_or_rewrites(operation):
    assert why_risky(operation, _state(), "promo", created=set())


@pytest.mark.parametrize(
    "operation",
    [
        migrations.AddField("thing", "size", models.IntegerField(default=0)),
        migrations.AddField("thing", "note", models.TextField(blank=True)),
        migrations.AddField("thing", "seen", models.DateTimeField(null=True)),
        migrations.AlterField(
            "thing", "title", models.CharField(max_length=50, choices=[("b", "B")])
        ),
        AddIndexConcurrently("thing", models.Index(fields=["title"], name="t")),
    ],
    ids=lambda operation: type(operation).__name__,
)
def test_the_walker_lets_through_what_is_quick(operation):
    assert why_risky(operation, _state(), "promo", created=set()) is None


def test_anything_on_a_table_created_in_the_same_migration_is_quick():
    index = migrations.AddIndex("thing", models.Index(fields=["title"], name="thing_title"))
    assert why_risky(index, _state(), "promo", created={"thing"}) is None
