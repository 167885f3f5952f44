"""PostgreSQL: the search vectors in a narrow table, the texts beside it.

A search walks the newest reports and tests each one's vector; with the
plain texts in the same rows it read four rows to a page where it could
read fourteen. The vectors stay in ``wire_search`` (report, language,
vector), the texts shown for the page's hits move to ``wire_search_text``.

The GIN index is rebuilt with ``fastupdate = off``: a report's entries go
into the index when it is published, and no search reads a pending list
left for autovacuum to flush.

SQLite: nothing changes (its FTS5 table keeps the texts as unindexed columns).
See wire/search.py and docs/decisions/0010.
"""

from django.db import migrations

FORWARD = [
    "CREATE TABLE wire_search_text ("
    "report_id bigint PRIMARY KEY, title text NOT NULL, lede text NOT NULL, text text NOT NULL)",
    "INSERT INTO wire_search_text (report_id, title, lede, text) "
    "SELECT report_id, title, lede, text FROM wire_search",
    "CREATE TABLE wire_search_narrow ("
    "report_id bigint PRIMARY KEY, language varchar(8) NOT NULL, document tsvector NOT NULL)",
    "INSERT INTO wire_search_narrow (report_id, language, document) "
    "SELECT report_id, language, document FROM wire_search ORDER BY report_id",
    "DROP TABLE wire_search",
    "ALTER TABLE wire_search_narrow RENAME TO wire_search",
    "ALTER INDEX wire_search_narrow_pkey RENAME TO wire_search_pkey",
    "CREATE INDEX wire_search_document_idx ON wire_search USING gin (document) "
    "WITH (fastupdate = off)",
    # The planner's statistics for the new tables, before the first search.
    "ANALYZE wire_search",
    "ANALYZE wire_search_text",
]

BACKWARD = [
    "CREATE TABLE wire_search_wide ("
    "report_id bigint PRIMARY KEY, language varchar(8) NOT NULL, title text NOT NULL, "
    "lede text NOT NULL, text text NOT NULL, document tsvector NOT NULL)",
    "INSERT INTO wire_search_wide (report_id, language, title, lede, text, document) "
    "SELECT s.report_id, s.language, t.title, t.lede, t.text, s.document "
    "FROM wire_search s JOIN wire_search_text t USING (report_id)",
    "DROP TABLE wire_search",
    "DROP TABLE wire_search_text",
    "ALTER TABLE wire_search_wide RENAME TO wire_search",
    "ALTER INDEX wire_search_wide_pkey RENAME TO wire_search_pkey",
    "CREATE INDEX wire_search_document_idx ON wire_search USING gin (document)",
    "ANALYZE wire_search",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("wire", "0004_search_query_function")]
    operations = [migrations.RunPython(forward, backward)]
