"""Reads over the management tree. One recursive SQL query each, whatever the depth."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.expressions import RawSQL

from promo.models import User
from promo.web.prepared import prepared_cursor

# A manager chain is refused when it would loop, but a depth bound keeps a corrupt
# row from turning a query into an endless recursion.
MAX_DEPTH = 64


def _ids(sql, params):
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def chain_cte(person="%s", depth="%s"):
    """`WITH RECURSIVE chain(id, manager_id, depth)`: the person (depth 0) and everyone
    above them, for a statement to read from; `person` and `depth` are its placeholders."""
    table = User._meta.db_table
    return f"""
        WITH RECURSIVE chain(id, manager_id, depth) AS (
            SELECT id, manager_id, 0 FROM {table} WHERE id = {person}
            UNION ALL
            SELECT u.id, u.manager_id, chain.depth + 1
            FROM {table} u JOIN chain ON u.id = chain.manager_id
            WHERE chain.depth < {depth}
        )
        """  # noqa: S608 - the table name is ours, values are parameters


def _managers_above_sql():
    return f"{chain_cte()} SELECT id FROM chain WHERE depth > 0"  # noqa: S608 - no values


def managers_above_ids(person_id):
    """Ids of everyone above `person_id` in the management chain, nearest first."""
    return _ids(_managers_above_sql() + " ORDER BY depth", [person_id, MAX_DEPTH])


def managers_above_subquery(person_id):
    """The same ids as a subquery, for `.exclude(user_id__in=...)` inside a larger query."""
    return RawSQL(_managers_above_sql(), [person_id, MAX_DEPTH])  # noqa: S611 - values are parameters


def _people_below_sql():
    table = User._meta.db_table
    return f"""
        WITH RECURSIVE below(id, depth) AS (
            SELECT id, 1 FROM {table} WHERE manager_id = %s
            UNION ALL
            SELECT u.id, below.depth + 1
            FROM {table} u JOIN below ON u.manager_id = below.id
            WHERE below.depth < %s
        )
        SELECT DISTINCT id FROM below
        """  # noqa: S608 - the table name is ours, values are parameters


def people_below_ids(manager_id):
    """Ids of everyone below `manager_id`: reports, their reports, and so on."""
    return _ids(_people_below_sql(), [manager_id, MAX_DEPTH])


def people_below(manager_id):
    """people_below_ids as a subquery, for a query to filter by in the database
    (`pk__in=people_below(...)`): the same statement whatever the number of people."""
    return RawSQL(_people_below_sql(), [manager_id, MAX_DEPTH])  # noqa: S611 - parameters


def manager_would_cycle(person, new_manager):
    """Would making `new_manager` the manager of `person` create a loop?"""
    if new_manager is None:
        return False
    if person.pk is not None and new_manager.pk == person.pk:
        return True
    return person.pk is not None and person.pk in managers_above_ids(new_manager.pk)


def refuse_manager_loop(person, new_manager):
    """Raise a ValidationError on "manager" when `new_manager` would close a loop; the
    one check behind both User.clean (forms, admin) and user_set_manager."""
    if manager_would_cycle(person, new_manager):
        raise ValidationError(
            {
                "manager": f"{new_manager} reports to {person}, directly or indirectly; "
                "a manager chain cannot loop."
            }
        )


def chains_above_many(person_ids):
    """{id: (lowercased email, manager_id)} for these people and everyone above any of
    them, in one query: enough to follow each of their chains to the top in memory."""
    if not person_ids:
        return {}
    table = User._meta.db_table
    ids = list(person_ids)
    if connection.vendor == "postgresql":
        these, params = "= ANY(%s)", [ids]
    else:  # SQLite, the zero-setup database, has no arrays
        these, params = f"IN ({', '.join(['%s'] * len(ids))})", ids
    with prepared_cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE chain(id, email, manager_id, depth) AS (
                SELECT id, lower(email), manager_id, 0 FROM {table} WHERE id {these}
                UNION
                SELECT u.id, lower(u.email), u.manager_id, chain.depth + 1
                FROM {table} u JOIN chain ON u.id = chain.manager_id
                WHERE chain.depth < %s
            )
            SELECT DISTINCT id, email, manager_id FROM chain
            """,  # noqa: S608 - the table name is ours, values are parameters
            [*params, MAX_DEPTH],
        )
        return {pk: (email, manager_id) for pk, email, manager_id in cursor.fetchall()}
