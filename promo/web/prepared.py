"""Statements PostgreSQL plans once per connection: the few every view of a page sends.

Django binds parameters on the client, so PostgreSQL plans every statement it receives.
For the statements a cached page sends on each view (the fetch of the object with its
relations, the digest of what the page shows) planning cost PostgreSQL 0.3–0.9 ms each,
more than running them. A cursor from `prepared_cursor()` binds on the server and
prepares each statement it runs, once per connection (psycopg keeps the names), so later
views only execute it. Django's own queries are unchanged.

It goes through Django's cursor wrappers (query counts, logging and error translation
see it), and is a plain cursor on SQLite or when DATABASE_PREPARED=false (a connection
pooler that cannot keep prepared statements; docs/deploy.md).
"""

from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from psycopg.postgres import types
from psycopg.pq import Format

# The DATABASES entry's flag (promo.env.env_database) for preparing statements at all.
FLAG = "PREPARED_STATEMENTS"
_TIMESTAMPTZ = types["timestamptz"].oid


def prepared_cursor(using="default"):
    """A cursor whose statements are prepared on PostgreSQL: use it for a statement with
    the same text on every call, its values passed as parameters."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not connection.settings_dict.get(FLAG):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = _PreparingCursor(connection.connection)
        # As Django's own cursors: dates in the connection's time zone.
        loader = connection.connection.adapters.get_loader(_TIMESTAMPTZ, Format.TEXT)
        if connection.timezone != loader.timezone:
            register_tzloader(connection.timezone, cursor)
        if connection.queries_logged:
            return _LoggedCursor(cursor, connection)
        return connection.make_cursor(cursor)


class _PreparingCursor(ServerBindingCursor):
    """Binds on the server and prepares what it executes (psycopg names each statement
    once per connection and executes it by name afterwards)."""

    def execute(self, query, params=None, *, prepare=True, binary=None):
        return super().execute(query, params, prepare=prepare, binary=binary)


class _LoggedCursor(CursorDebugWrapper):
    """Django's debug wrapper logs the text psycopg sent, which for a prepared statement
    is its name: log the statement with its values, as for any other query."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)
