"""PostgreSQL: the reader's words parsed in each configuration, each distinct parsing once.

``wire_search_query(words, configs)`` ORs ``plainto_tsquery(config, words)``
over the configurations in their order, leaving out a parsing already there
(most words parse the same in several languages: "grève syndicat" gives
``'grève' & 'syndicat'`` four times in five). The same matches and the same
``ts_rank_cd`` as the plain OR, for less work on every report tested and
ranked. It is immutable, as ``plainto_tsquery`` with a configuration is, so
the planner computes it from the constant words and plans with the real
query (the backward walk for a common word, the GIN index for a rare one).

SQLite: nothing (its queries are built in Python). See wire/search.py and
docs/decisions/0010.
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION wire_search_query(words text, configs regconfig[]) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    config regconfig;
    parsed tsquery;
    seen tsquery[] := '{}';
    result tsquery;
BEGIN
    FOREACH config IN ARRAY configs LOOP
        parsed := plainto_tsquery(config, words);
        IF numnode(parsed) > 0 AND NOT (parsed = ANY (seen)) THEN
            seen := seen || parsed;
            result := CASE WHEN result IS NULL THEN parsed ELSE result || parsed END;
        END IF;
    END LOOP;
    -- Nothing but stop words: the empty query, which matches nothing.
    RETURN coalesce(result, parsed);
END
$$
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION wire_search_query(text, regconfig[])")


class Migration(migrations.Migration):
    dependencies = [("wire", "0003_default_topics")]
    operations = [migrations.RunPython(forward, backward)]
