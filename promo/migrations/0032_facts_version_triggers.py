"""A person's FactsVersion token renewed by the database whenever a row their readiness is
drawn from changes, however it was written.

Services renew the token themselves (promo.web.readiness_changed), but rows written
without a service (an import, a bulk load, the shell) must change what keys a cached
readiness section too. That used to be a digest of the person's facts computed on every
view, which cost more than anything else on the pages that show readiness and grew with
the person's history. These statement-level triggers renew the token of every person a
statement's rows belong to (through the rows' own keys, in person order, one statement
whatever the number of rows), and a TRUNCATE renews everyone's. PostgreSQL only: the
zero-setup SQLite database caches no section.
"""

from django.db import migrations

# For each table readiness reads: whose facts a changed row (in the transition table
# {rows}) belongs to.
PEOPLE_OF = {
    "evidence_artifact": "SELECT r.owner_id FROM {rows} r",
    "evidence_artifacttag": (
        "SELECT a.owner_id FROM {rows} r JOIN evidence_artifact a ON a.id = r.artifact_id"
    ),
    "promo_impactcheckin": (
        "SELECT a.owner_id FROM {rows} r JOIN evidence_artifact a ON a.id = r.artifact_id"
    ),
    "promo_candidacy": "SELECT r.person_id FROM {rows} r",
    "promo_gap": "SELECT k.person_id FROM {rows} r JOIN promo_candidacy k ON k.id = r.candidacy_id",
    "reviews_promodocument": (
        "SELECT k.person_id FROM {rows} r JOIN promo_candidacy k ON k.id = r.candidacy_id"
    ),
    "reviews_reviewround": (
        "SELECT k.person_id FROM {rows} r"
        " JOIN reviews_promodocument p ON p.id = r.document_id"
        " JOIN promo_candidacy k ON k.id = p.candidacy_id"
    ),
    "reviews_reviewround_reviewers": (
        "SELECT k.person_id FROM {rows} r"
        " JOIN reviews_reviewround o ON o.id = r.reviewround_id"
        " JOIN reviews_promodocument p ON p.id = o.document_id"
        " JOIN promo_candidacy k ON k.id = p.candidacy_id"
    ),
    "reviews_verdict": (
        "SELECT k.person_id FROM {rows} r"
        " JOIN reviews_reviewround o ON o.id = r.round_id"
        " JOIN reviews_promodocument p ON p.id = o.document_id"
        " JOIN promo_candidacy k ON k.id = p.candidacy_id"
    ),
}

RENEW = """
CREATE FUNCTION promo_facts_renew(people bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO promo_factsversion (person_id, token)
  SELECT person_id, gen_random_uuid()
  FROM (SELECT DISTINCT person_id FROM unnest(people) AS person_id
        WHERE person_id IS NOT NULL) AS changed
  ORDER BY person_id
  ON CONFLICT (person_id) DO UPDATE SET token = EXCLUDED.token
$$;
CREATE FUNCTION promo_facts_renew_everyone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO promo_factsversion (person_id, token)
  SELECT id, gen_random_uuid() FROM promo_user ORDER BY id
  ON CONFLICT (person_id) DO UPDATE SET token = EXCLUDED.token;
  RETURN NULL;
END $$;
"""

TABLE = """
CREATE FUNCTION promo_facts_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM promo_facts_renew(ARRAY({new}));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM promo_facts_renew(ARRAY({old}));
  ELSE
    PERFORM promo_facts_renew(ARRAY({new} UNION {old}));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER promo_facts_inserted AFTER INSERT ON {table}
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION promo_facts_{table}();
CREATE TRIGGER promo_facts_updated AFTER UPDATE ON {table}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION promo_facts_{table}();
CREATE TRIGGER promo_facts_deleted AFTER DELETE ON {table}
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION promo_facts_{table}();
CREATE TRIGGER promo_facts_truncated AFTER TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION promo_facts_renew_everyone();
"""

DROP_TABLE = """
DROP TRIGGER promo_facts_inserted ON {table};
DROP TRIGGER promo_facts_updated ON {table};
DROP TRIGGER promo_facts_deleted ON {table};
DROP TRIGGER promo_facts_truncated ON {table};
DROP FUNCTION promo_facts_{table}();
"""

DROP_RENEW = """
DROP FUNCTION promo_facts_renew_everyone();
DROP FUNCTION promo_facts_renew(bigint[]);
"""


def _create_sql():
    tables = "".join(
        TABLE.format(
            table=table, new=people.format(rows="new_rows"), old=people.format(rows="old_rows")
        )
        for table, people in PEOPLE_OF.items()
    )
    return RENEW + tables


def _drop_sql():
    return "".join(DROP_TABLE.format(table=table) for table in PEOPLE_OF) + DROP_RENEW


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_create_sql(), None)  # None: several statements, no parameters


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_drop_sql(), None)


class Migration(migrations.Migration):
    dependencies = [
        ("promo", "0031_idempotency"),
        ("evidence", "0004_artifact_owner_live_order"),
        ("reviews", "0005_export_lease"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
