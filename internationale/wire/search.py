"""Full-text search of the wire, stemmed per language, behind one function: ``search``.

Two engines, one behaviour (docs/decisions/0010-wire-search-one-function-two-engines.md):

- PostgreSQL: a narrow ``wire_search`` table holds each live report's
  ``tsvector``, built with the text search configuration of the report's
  language (english, spanish, portuguese, french, arabic) and weighted
  headline > lede > text, under a GIN index; the plain texts are in
  ``wire_search_text`` beside it. A query is parsed in all five
  configurations and the results OR-ed, each distinct parsing once
  (``wire_search_query``), because a reader may search in any language;
  ``ts_rank_cd`` ranks.
- SQLite (the embedded default): an FTS5 table of the same texts, each word
  reduced by the Snowball stemmer of the report's language before it is
  indexed; a query word matches any of its five stems. ``bm25`` ranks, with
  the same weights.

Both highlight in Python, from the report's plain text kept beside the
index, with the stemmer of the report's language: what is marked is what
matched. Reports are indexed by the services in the transaction that
publishes, edits or unpublishes them; only published reports are in the
index, and a query sees only those whose time has come.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db import connection
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from internationale.core.markdown import render_markdown

CONFIGS = {
    "en": "english",
    "es": "spanish",
    "pt": "portuguese",
    "fr": "french",
    "ar": "arabic",
}
MAX_QUERY_WORDS = 8
WEIGHTS = (10.0, 4.0, 1.0)  # headline, lede, text
SNIPPET_WORDS = 36
#: How many of the newest matches are counted and ranked by relevance. A query
#: that matches more says "more than 2,000" and ranks the newest 2,000: counting
#: every match of a common word costs more than the page itself.
RANKED_WINDOW = 2000

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(CONFIGS.get(language, "english"))


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word.lower()))


def stems_of(text: str, language: str) -> str:
    """The text as a line of stems, the way the SQLite index stores it."""
    return " ".join(stem(word, language) for word in _WORD.findall(text))


def plain_text(markdown: str) -> str:
    """What a reader reads of a Markdown text: no markup, entities decoded."""
    return html.unescape(strip_tags(render_markdown(markdown))).strip()


@dataclass(frozen=True)
class Document:
    report_id: int
    language: str
    title: str
    lede: str
    text: str  # plain text of the body


def document_for(report: object) -> Document:
    return Document(
        report_id=report.pk,  # type: ignore[attr-defined]
        language=report.language,  # type: ignore[attr-defined]
        title=report.title,  # type: ignore[attr-defined]
        lede=report.lede,  # type: ignore[attr-defined]
        text=plain_text(report.body),  # type: ignore[attr-defined]
    )


# --- writing the index ----------------------------------------------------------


def index(documents: Iterable[Document]) -> None:
    """Put (or put again) these reports in the index, in the caller's transaction."""
    documents = list(documents)
    if not documents:
        return
    remove([d.report_id for d in documents])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "INSERT INTO wire_search (report_id, language, document) VALUES (%s, %s, "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
                "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
                "setweight(to_tsvector(%s::regconfig, %s), 'C'))",
                [
                    (
                        d.report_id,
                        d.language,
                        CONFIGS[d.language],
                        d.title,
                        CONFIGS[d.language],
                        d.lede,
                        CONFIGS[d.language],
                        d.text,
                    )
                    for d in documents
                ],
            )
            cursor.executemany(
                "INSERT INTO wire_search_text (report_id, title, lede, text) "
                "VALUES (%s, %s, %s, %s)",
                [(d.report_id, d.title, d.lede, d.text) for d in documents],
            )
        else:
            cursor.executemany(
                "INSERT INTO wire_search (rowid, title, lede, body, language, plain_title, "
                "plain_lede, plain_text) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d.report_id,
                        stems_of(d.title, d.language),
                        stems_of(d.lede, d.language),
                        stems_of(d.text, d.language),
                        d.language,
                        d.title,
                        d.lede,
                        d.text,
                    )
                    for d in documents
                ],
            )


def remove(report_ids: list[int]) -> None:
    """Take these reports out of the index."""
    if not report_ids:
        return
    marks = ", ".join(["%s"] * len(report_ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("wire_search", "wire_search_text"):
                cursor.execute(f"DELETE FROM {table} WHERE report_id IN ({marks})", report_ids)  # noqa: S608
        else:
            cursor.execute(f"DELETE FROM wire_search WHERE rowid IN ({marks})", report_ids)  # noqa: S608


def clear() -> None:
    """Empty the index, in the caller's transaction (before it is rebuilt)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM wire_search")
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM wire_search_text")


# --- querying ---------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    report_id: int
    rank: float
    title: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    total: int  # at most RANKED_WINDOW + 1

    @property
    def capped(self) -> bool:
        """More matches than are ranked: the count says "more than RANKED_WINDOW"."""
        return self.total > RANKED_WINDOW


def query_words(query: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(query or "")][:MAX_QUERY_WORDS]


def search(
    query: str,
    *,
    language: str = "",
    limit: int = 20,
    offset: int = 0,
    now: datetime | None = None,
) -> Results:
    """Live reports matching every word of ``query`` (in any language), best first.

    ``language`` keeps only reports written in it. One statement on
    PostgreSQL (the count, the page and its texts), three on SQLite (the
    count, the page, its texts). Titles and snippets come back with the
    matching words in ``<mark>``, everything else escaped; only the page's
    hits are highlighted.
    """
    words = query_words(query)
    if not words or offset >= RANKED_WINDOW:
        return Results([], 0)
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        total, rows = _search_postgresql(words, language, limit, offset, now)
    else:
        total, rows = _search_sqlite(words, language, limit, offset, now)
    hits = []
    for report_id, rank, row_language, title, lede, text in rows:
        wanted = {stem(w, row_language) for w in words}
        hits.append(
            Hit(
                report_id=report_id,
                rank=float(rank),
                title=highlight(title, wanted, row_language),
                snippet=highlight(snippet(lede, text, wanted, row_language), wanted, row_language),
            )
        )
    return Results(hits, total)


def _search_postgresql(
    words: list[str], language: str, limit: int, offset: int, now: datetime
) -> tuple[int, list[tuple[int, float, str, str, str, str]]]:
    # Each word is a term (no operators from the reader). wire_search_query (migration
    # 0004) ORs the parsings in the five configurations, each distinct one once; it is
    # immutable, so the planner sees the query as a constant and, for common words,
    # walks the ids backwards through the matches instead of collecting them all. (In
    # a CTE or a subquery the query would be hidden from it.)
    configs = ", ".join(f"'{config}'" for config in CONFIGS.values())
    parsed = f"wire_search_query(%s, ARRAY[{configs}]::regconfig[])"
    # As on SQLite: only published reports are indexed; embargoed ones are left out by id.
    where = (
        f"s.document @@ {parsed} AND s.report_id NOT IN "  # noqa: S608
        "(SELECT id FROM wire_report WHERE published_at > %s)"
    )
    text = " ".join(words)
    params: list[Any] = [text, now]
    if language:
        where += " AND s.language = %s"
        params.append(language)
    # One statement, one row at least: the newest matches ranked (the rank is computed
    # once for each, above the LIMIT, and only ids and ranks are kept), their count,
    # and the page's hits joined to their texts. With no hit on the page the row
    # carries the count alone.
    statement = (
        "WITH ranked AS MATERIALIZED ("  # noqa: S608
        f"SELECT n.report_id, n.language, ts_rank_cd(n.document, {parsed}, 1) AS rank "
        f"FROM (SELECT s.report_id, s.language, s.document FROM wire_search s WHERE {where} "
        "ORDER BY s.report_id DESC LIMIT %s) n), "
        "page AS (SELECT * FROM ranked ORDER BY rank DESC, report_id DESC LIMIT %s OFFSET %s) "
        "SELECT c.total, p.report_id, p.rank, p.language, t.title, t.lede, t.text "
        "FROM (SELECT count(*) AS total FROM ranked) c "
        "LEFT JOIN (page p JOIN wire_search_text t USING (report_id)) ON true "
        "ORDER BY p.rank DESC, p.report_id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [text, *params, RANKED_WINDOW + 1, limit, offset])
        rows = cursor.fetchall()
    return rows[0][0], [row[1:] for row in rows if row[1] is not None]


def _fts5_term(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _search_sqlite(
    words: list[str], language: str, limit: int, offset: int, now: datetime
) -> tuple[int, list[tuple[int, float, str, str, str, str]]]:
    # Every word must match; a word matches any of its stems in the five languages.
    groups = []
    for word in words:
        variants = sorted({stem(word, code) for code in CONFIGS} | {word})
        groups.append("(" + " OR ".join(_fts5_term(v) for v in variants) + ")")
    if language:
        groups.append(f"language : {_fts5_term(language)}")
    match = " AND ".join(groups)
    # Only published reports are in the index; the embargoed ones (few) are left out
    # here, so the ranking runs on the index alone, without a join per match.
    embargoed = "SELECT id FROM wire_report WHERE published_at > %s"
    weights = ", ".join(str(w) for w in WEIGHTS)
    with connection.cursor() as cursor:
        newest = (
            f"SELECT rowid, -bm25(wire_search, {weights}, 0.0) AS rank FROM wire_search "  # noqa: S608
            f"WHERE wire_search MATCH %s AND rowid NOT IN ({embargoed}) ORDER BY rowid DESC "
            "LIMIT %s"
        )
        cursor.execute(
            f"SELECT count(*) FROM ({newest})",  # noqa: S608
            [match, now, RANKED_WINDOW + 1],
        )
        (total,) = cursor.fetchone()
        if not total:
            return 0, []
        cursor.execute(
            f"SELECT rowid, rank FROM ({newest}) "  # noqa: S608
            "ORDER BY rank DESC, rowid DESC LIMIT %s OFFSET %s",
            [match, now, RANKED_WINDOW, limit, offset],
        )
        ranked = cursor.fetchall()
        if not ranked:
            return total, []
        marks = ", ".join(["%s"] * len(ranked))
        cursor.execute(
            "SELECT rowid, language, plain_title, plain_lede, plain_text FROM wire_search "  # noqa: S608
            f"WHERE rowid IN ({marks})",
            [row[0] for row in ranked],
        )
        texts = {row[0]: row[1:] for row in cursor.fetchall()}
    return total, [(pk, rank, *texts[pk]) for pk, rank in ranked if pk in texts]


# --- highlighting -------------------------------------------------------------------


def snippet(lede: str, text: str, wanted: set[str], language: str) -> str:
    """About SNIPPET_WORDS words of the text around its first match, else the lede."""
    words = list(_WORD.finditer(text))
    for index, match in enumerate(words):
        if stem(match.group(), language) in wanted:
            first = max(0, index - SNIPPET_WORDS // 3)
            last = min(len(words) - 1, first + SNIPPET_WORDS)
            piece = text[words[first].start() : words[last].end()]
            return ("… " if first else "") + piece + (" …" if last < len(words) - 1 else "")
    return lede


def highlight(text: str, wanted: set[str], language: str) -> SafeString:
    """``text`` escaped, with the words whose stem is wanted in <mark>."""
    out = []
    at = 0
    for match in _WORD.finditer(text):
        if stem(match.group(), language) in wanted:
            out.append(html.escape(text[at : match.start()]))
            out.append(f"<mark>{html.escape(match.group())}</mark>")
            at = match.end()
    out.append(html.escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
