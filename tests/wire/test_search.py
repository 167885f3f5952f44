"""Full-text search: stemmed per language, ranked, highlighted; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from internationale.wire import search, services
from tests.wire.conftest import BASE


def test_a_search_finds_other_forms_of_the_word_in_each_language(file_report, publish) -> None:
    french = publish(
        file_report(
            language="fr",
            title="Les cheminots reconduisent la grève",
            lede="Les grévistes bloquent trois gares.",
            body="La grève continue.",
        )
    )
    spanish = publish(
        file_report(
            language="es",
            title="Huelgas en los puertos del sur",
            lede="Los estibadores paran.",
            body="Las huelgas siguen.",
        )
    )
    arabic = publish(
        file_report(language="ar", title="الإضرابات تتواصل في الموانئ", lede="مقدمة", body="نص")
    )
    assert [h.report_id for h in search.search("grèves").hits] == [french.pk]
    assert [h.report_id for h in search.search("huelga").hits] == [spanish.pk]
    assert [h.report_id for h in search.search("إضراب").hits] == [arabic.pk]


def test_results_are_ranked_headline_first(file_report, publish) -> None:
    in_text = publish(
        file_report(title="Assembleia em Santos", lede="Reunião.", body="Fala-se de despejo.")
    )
    in_title = publish(file_report(title="Despejo em São Paulo", lede="Famílias.", body="Texto."))
    assert [h.report_id for h in search.search("despejo").hits] == [in_title.pk, in_text.pk]


def test_every_word_must_match(file_report, publish) -> None:
    both = publish(file_report(title="Greve dos professores", lede="Escolas.", body="Sindicato."))
    publish(file_report(title="Greve dos bancários", lede="Agências.", body="Bancos."))
    assert [h.report_id for h in search.search("greve professores").hits] == [both.pk]


def test_matches_are_highlighted_and_the_rest_escaped(file_report, publish) -> None:
    publish(
        file_report(
            title="Greves <script>x</script> no porto",
            lede="Lede.",
            body="Os portuários fazem greve desde segunda.",
        )
    )
    (hit,) = search.search("greve").hits
    assert "<mark>Greves</mark>" in hit.title
    assert "&lt;script&gt;" in hit.title
    assert "<mark>greve</mark>" in hit.snippet


def test_only_live_reports_are_found(file_report, publish, regional_editor) -> None:
    draft = file_report(title="Greve secreta")
    scheduled = publish(file_report(title="Greve marcada"), at=timezone.now() + timedelta(days=1))
    live = publish(file_report(title="Greve aberta"))
    found = {h.report_id for h in search.search("greve").hits}
    assert found == {live.pk}
    services.unpublish_report(by=regional_editor, report_id=live.pk, reason="r", base_url=BASE)
    assert search.search("greve").hits == []
    later = search.search("greve", now=timezone.now() + timedelta(days=2))
    assert {h.report_id for h in later.hits} == {scheduled.pk}
    assert draft.pk not in {h.report_id for h in later.hits}


def test_an_edit_is_searchable_at_once(file_report, publish, regional_editor) -> None:
    from tests.wire.conftest import data

    report = publish(file_report())
    services.update_report(
        by=regional_editor, report_id=report.pk, data=data(body="Agora com ocupação da refinaria.")
    )
    assert [h.report_id for h in search.search("ocupação").hits] == [report.pk]


def test_a_language_filter_and_pages(file_report, publish) -> None:
    for number in range(3):
        publish(file_report(title=f"Greve {number}"))
    publish(file_report(language="es", title="Greve en Galicia"))
    results = search.search("greve", language="pt", limit=2)
    assert results.total == 3
    assert len(results.hits) == 2
    assert len(search.search("greve", language="pt", limit=2, offset=2).hits) == 1


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"greve petroleiros"', True),  # as a phrase the words would have to be side by side
        ("greve -petroleiros", True),  # a minus would leave out the report with petroleiros
        ("greve OR zzzz", False),  # OR would find it by greve alone; every word must match
        ("petrol*", False),  # a prefix would reach petroleiros; petrol is a word of its own
        ("body:greve", False),  # a column filter would find greve in the body
        ("NEAR(greve petroleiros)", False),  # near is a word the report does not have
        ('greve "', True),  # an unbalanced quote is no error
        ("'; DROP TABLE wire_search; --", False),
    ],
)
def test_the_reader_cannot_inject_search_syntax(file_report, publish, query, found) -> None:
    """A query is words, each one a term: operators, quotes, prefixes and column names
    are read as words or dropped, on both engines. Each query here would find something
    else if its syntax were passed to FTS5 or to PostgreSQL's web-search parser."""
    report = publish(file_report())
    hits = [hit.report_id for hit in search.search(query).hits]
    assert hits == ([report.pk] if found else [])
    assert [hit.report_id for hit in search.search("greve").hits] == [report.pk]


def test_the_search_page_shows_counts_and_highlights(file_report, publish, client) -> None:
    publish(file_report())
    body = client.get("/wire/search/?q=petroleiros").content.decode()
    assert "1 report found" in body
    assert "<mark>petroleiros</mark>" in body
    assert client.get("/wire/search/?q=zzzz").status_code == 200


def test_the_index_can_be_rebuilt_from_the_reports(file_report, publish) -> None:
    from internationale.wire.tasks import reindex

    report = publish(file_report())
    file_report(title="Rascunho sobre a greve")  # a draft stays out
    assert reindex() == 1
    assert [h.report_id for h in search.search("greve").hits] == [report.pk]


def test_a_word_found_everywhere_is_counted_up_to_the_window(file_report, publish, client) -> None:
    from tests.wire.bulk import bulk_reports

    bulk_reports(60)
    search.RANKED_WINDOW, saved = 20, search.RANKED_WINDOW
    try:
        results = search.search("greve")  # in every Portuguese bulk report, and more
        assert results.capped
        assert results.total == 21
        assert len(results.hits) == 20
        body = client.get("/wire/search/?q=greve").content.decode()
        assert "More than 20 reports found" in body
    finally:
        search.RANKED_WINDOW = saved


def test_a_page_past_the_last_still_knows_the_count(file_report, publish) -> None:
    for number in range(3):
        publish(file_report(title=f"Greve {number}"))
    results = search.search("greve", limit=20, offset=20)
    assert results.hits == []
    assert results.total == 3


def test_reports_that_rank_alike_come_newest_first_on_every_page(file_report, publish) -> None:
    alike = [publish(file_report(title=f"Ocupação {n}", body="Ocupação.")).pk for n in range(5)]
    pages = [
        [h.report_id for h in search.search("ocupação", limit=2, offset=offset).hits]
        for offset in (0, 2, 4)
    ]
    assert pages == [sorted(alike, reverse=True)[i : i + 2] for i in (0, 2, 4)]
    assert [h.report_id for h in search.search("ocupação").hits] == sorted(alike, reverse=True)


def _postgresql_only() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("about PostgreSQL's query parsing; runs in the PostgreSQL pass")


QUERIES = ["grève syndicat", "greve", "huelgas trabajadores", "the strike", "إضراب", "the"]


def test_each_parsing_is_used_once_with_the_same_matches_and_ranks(file_report, publish) -> None:
    _postgresql_only()
    from django.db import connection

    publish(file_report(language="fr", title="Grève au syndicat", lede="Grève.", body="Syndicat."))
    publish(file_report(language="es", title="Huelga de trabajadores", lede="Huelgas.", body="No."))
    publish(file_report(language="en", title="The strike goes on", lede="Strikers.", body="The."))
    publish(file_report(language="ar", title="الإضراب مستمر", lede="إضراب", body="نص"))
    publish(file_report(title="Greve geral", lede="Greve.", body="Os grevistas."))
    configs = ", ".join(f"'{c}'" for c in search.CONFIGS.values())
    with connection.cursor() as cursor:
        for query in QUERIES:
            five = " || ".join(f"plainto_tsquery('{c}', %s)" for c in search.CONFIGS.values())
            five = f"({five})"
            once = f"wire_search_query(%s, ARRAY[{configs}]::regconfig[])"
            found = []
            for parsed, params in ((five, [query] * 5), (once, [query])):
                cursor.execute(
                    f"SELECT report_id, ts_rank_cd(document, {parsed}, 1) FROM wire_search "  # noqa: S608
                    f"WHERE document @@ {parsed} ORDER BY report_id",
                    params * 2,
                )
                found.append(cursor.fetchall())
            assert found[0] == found[1], query
            cursor.execute(f"SELECT {once}::text", [query])
            branches = cursor.fetchone()[0].split(" | ")
            assert len(branches) == len(set(branches)), query


def test_the_planner_sees_the_readers_query_as_a_constant(file_report, publish) -> None:
    """So it can walk the newest ids through the matches of a common word (decision 0010)."""
    _postgresql_only()
    from django.db import connection

    publish(file_report())
    configs = ", ".join(f"'{c}'" for c in search.CONFIGS.values())
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT report_id FROM wire_search "  # noqa: S608
            f"WHERE document @@ wire_search_query(%s, ARRAY[{configs}]::regconfig[])",
            ["greve"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "'grev'" in plan
    assert "wire_search_query" not in plan
