"""The full-text index of live reports: FTS5 on SQLite, a tsvector with GIN on PostgreSQL.

Not a model: neither engine's index is a plain table Django could manage.
See wire/search.py and docs/decisions/0010-wire-search-one-function-two-engines.md.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE wire_search USING fts5("
    # language is indexed (one token) so a language filter is part of the MATCH.
    "title, lede, body, language, plain_title UNINDEXED, plain_lede UNINDEXED, "
    "plain_text UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
]
POSTGRESQL = [
    # No foreign key: Django's flush truncates the reports without CASCADE;
    # searches join the reports, so a stray row can never be shown.
    "CREATE TABLE wire_search ("
    "report_id bigint PRIMARY KEY, language varchar(8) NOT NULL, title text NOT NULL, "
    "lede text NOT NULL, text text NOT NULL, document tsvector NOT NULL)",
    "CREATE INDEX wire_search_document_idx ON wire_search USING gin (document)",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor)
    if statements is None:
        raise RuntimeError(f"the wire's search needs SQLite or PostgreSQL, not {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS wire_search")


class Migration(migrations.Migration):
    dependencies = [("wire", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
