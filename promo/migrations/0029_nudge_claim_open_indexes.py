"""Nudge claims: only open claims in the relay's index, and a BRIN index on created_at.

A fresh claim used to enter a (status, not_before) index over every claim ever made. The
relay needs only open claims (pending or retrying, of any age) and claims being sent, so
those two are partial indexes now, and a claim leaves them when it closes.

The BRIN index lets the planner read this week's claims without a B-tree on created_at,
which would cost every insert (docs/benchmarks.md). It lives only in the database, not in
the model state: SQLite has no BRIN (as evidence/migrations/0002 does for GIN).
"""

from django.contrib.postgres.indexes import BrinIndex
from django.db import migrations, models

CREATED_AT_BRIN = BrinIndex(fields=["created_at"], name="nudge_claim_created_brin")


class AddIndexOnPostgres(migrations.AddIndex):
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass  # database-only: see the module docstring

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)


class Migration(migrations.Migration):
    dependencies = [("promo", "0028_committees")]

    operations = [
        migrations.RemoveIndex(model_name="nudgeclaim", name="nudge_claim_open"),
        migrations.AddIndex(
            model_name="nudgeclaim",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "retrying"])),
                fields=["not_before"],
                name="nudge_claim_open_only",
            ),
        ),
        migrations.AddIndex(
            model_name="nudgeclaim",
            index=models.Index(
                condition=models.Q(("status", "sending")),
                fields=["sending_at"],
                name="nudge_claim_sending_only",
            ),
        ),
        AddIndexOnPostgres(model_name="nudgeclaim", index=CREATED_AT_BRIN),
    ]
