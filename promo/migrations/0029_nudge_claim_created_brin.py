"""A BRIN index on NudgeClaim.created_at, for /metrics' count of the last day's nudges.

Claims are inserted in time order, so a BRIN index (a few pages for millions of rows, one
summary per block range) lets that count read only the last day's blocks, where a B-tree
would cost every bulk insert of the planner a page write per row (see the model's note).
PostgreSQL only: SQLite, the zero-setup database, has no BRIN and no such volume; the
model's Meta does not declare it for that reason.
"""

from django.db import migrations

INDEX = "nudge_claim_created_brin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("promo", "NudgeClaim")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING brin (created_at)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("promo", "0028_committees")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
