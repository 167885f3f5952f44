"""Make the audit log append-only in the database itself.

Triggers refuse UPDATE and DELETE on accounts_auditentry on both SQLite and
PostgreSQL, so neither the admin, a bug nor a stray query can rewrite it.

The one way to remove entries (a legal erasure, a test database being
emptied) is deliberate and outside the application: TRUNCATE by the table's
owner on PostgreSQL; on SQLite, a row in the table ``audit_purge_allowed``,
which the application never writes (the test suite does, for its own
throw-away database).
"""

from django.db import migrations

SQLITE = [
    "CREATE TABLE audit_purge_allowed (reason TEXT NOT NULL);",
    """CREATE TRIGGER auditentry_no_update BEFORE UPDATE ON accounts_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
    """CREATE TRIGGER auditentry_no_delete BEFORE DELETE ON accounts_auditentry
       WHEN NOT EXISTS (SELECT 1 FROM audit_purge_allowed)
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS auditentry_no_update;",
    "DROP TRIGGER IF EXISTS auditentry_no_delete;",
    "DROP TABLE IF EXISTS audit_purge_allowed;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION auditentry_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER auditentry_no_change BEFORE UPDATE OR DELETE ON accounts_auditentry
       FOR EACH ROW EXECUTE FUNCTION auditentry_refuse_change();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS auditentry_no_change ON accounts_auditentry;",
    "DROP FUNCTION IF EXISTS auditentry_refuse_change();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
