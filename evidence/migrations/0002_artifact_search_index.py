"""A GIN index for artifact full-text search, on PostgreSQL only.

The index lives only in the database, not in the model state: SQLite has no GIN, and
the expression must match evidence.search.search_vector() for the planner to use it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "english"
INDEX = GinIndex(
    SearchVector("title", weight="A", config=CONFIG)
    + SearchVector("impact", weight="B", config=CONFIG)
    + SearchVector("body", "metrics", weight="C", config=CONFIG),
    name="artifact_search_gin",
)


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
    dependencies = [("evidence", "0001_initial")]

    operations = [AddIndexOnPostgres(model_name="artifact", index=INDEX)]
