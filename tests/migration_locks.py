"""Which migration operations would lock or rewrite a large table on PostgreSQL, or break
the code still running during a rolling upgrade (docs/deploy.md, "Expand and contract").

PostgreSQL 11 and later add a column with a constant default without rewriting the table
(Django evaluates a callable default once, so it is a constant too): such an AddField is
safe. What is not:
- an index built without CONCURRENTLY (AddIndex, a unique or indexed or foreign-key field)
  blocks every write to the table while it builds; a foreign key or check constraint scans
  the table to validate it;
- AlterField changing the column (type, length, null to not null, uniqueness) rewrites or
  scans the table under an exclusive lock;
- RemoveField, RenameField, RenameModel, DeleteModel break the code of the release still
  serving requests during the upgrade; they belong to the contract step;
- RunPython and RunSQL may touch every row.
Operations on a model created in the same migration touch an empty table and are safe.
"""

from django.contrib.postgres.operations import (
    AddConstraintNotValid,
    AddIndexConcurrently,
    RemoveIndexConcurrently,
    ValidateConstraint,
)
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = ("promo", "evidence", "reviews")

# Field attributes that live only in Python: changing them changes no column.
PYTHON_ONLY = {
    "choices", "help_text", "verbose_name", "default", "blank", "validators", "editable",
    "related_name", "related_query_name", "on_delete", "limit_choices_to", "error_messages",
    "db_comment", "auto_now", "auto_now_add", "upload_to", "storage",
}  # fmt: skip

SAFE = (
    # Built without blocking writes: the way to add an index or constraint to a big table.
    AddIndexConcurrently,
    RemoveIndexConcurrently,
    AddConstraintNotValid,
    ValidateConstraint,
    migrations.CreateModel,
    migrations.AlterModelOptions,
    migrations.AlterModelManagers,
    migrations.AlterModelTable,  # only ever used with a new table here; flagged below if not
)


def _why_add_field(operation):
    field = operation.field
    if field.many_to_many:
        return None  # a new join table
    if field.is_relation:
        return "a foreign key: builds an index and validates the constraint over every row"
    if field.unique or field.db_index:
        return "builds an index without CONCURRENTLY"
    # The value Django fills existing rows with ("" for a blank text field), once: constant.
    if not field.null and BaseDatabaseSchemaEditor._effective_default(field) is None:
        return "NOT NULL without a default: fails on a table with rows"
    return None


def _why_alter_field(operation, state, app_label):
    before = state.models[app_label, operation.model_name_lower].fields[operation.name]
    old_path, _, old_kwargs = before.deconstruct()[1:]
    new_path, _, new_kwargs = operation.field.deconstruct()[1:]
    changed = {
        key
        for key in old_kwargs.keys() | new_kwargs.keys()
        if key not in PYTHON_ONLY and old_kwargs.get(key) != new_kwargs.get(key)
    }
    if old_path != new_path:
        return f"changes the column type ({old_path} to {new_path})"
    if changed:
        return f"changes the column ({', '.join(sorted(changed))})"
    return None


def why_risky(operation, state, app_label, created):
    """Why `operation` (applied to `state`) would lock or rewrite a table, or None."""
    model = getattr(operation, "model_name_lower", None)
    if model is not None and model in created:
        return None
    if isinstance(operation, SAFE) and not isinstance(operation, migrations.AlterModelTable):
        return None
    if isinstance(operation, migrations.AddField):
        return _why_add_field(operation)
    if isinstance(operation, migrations.AlterField):
        return _why_alter_field(operation, state, app_label)
    if isinstance(operation, migrations.AddIndex):
        return "builds an index without CONCURRENTLY"
    if isinstance(operation, migrations.AddConstraint):
        return "adds a constraint: builds an index or validates every row"
    if isinstance(operation, (migrations.RemoveField, migrations.DeleteModel)):
        return "drops what the running release may still read (contract step)"
    if isinstance(operation, (migrations.RenameField, migrations.RenameModel)):
        return "renames what the running release still uses"
    if isinstance(operation, (migrations.RunPython, migrations.RunSQL)):
        return "runs code or SQL that may touch every row"
    if isinstance(operation, (migrations.RemoveIndex, migrations.RemoveConstraint)):
        return None  # dropping is quick; the lock is brief
    if isinstance(operation, migrations.AlterModelTable):
        return "renames the table the running release still uses"
    return f"not classified ({type(operation).__name__}): review it"


def label(operation):
    if isinstance(operation, migrations.RunPython):
        return f"Run {operation.code.__name__}"
    return operation.describe()


def risky_operations():
    """{"app.migration: operation": why} over every project migration, oldest first."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = {}
    plan = [
        node
        for leaf in loader.graph.leaf_nodes()
        for node in loader.graph.forwards_plan(leaf)
        if node[0] in PROJECT_APPS
    ]
    for node in dict.fromkeys(plan):
        migration = loader.graph.nodes[node]
        state = loader.project_state(node, at_end=False)
        created = set()
        for operation in migration.operations:
            if isinstance(operation, migrations.CreateModel):
                created.add(operation.name_lower)
            why = why_risky(operation, state, node[0], created)
            if why:
                found[f"{node[0]}.{node[1]}: {label(operation)}"] = why
            operation.state_forwards(node[0], state)
    return found
