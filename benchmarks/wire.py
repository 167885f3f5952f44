#!/usr/bin/env python3
"""The wire with 100,000 reports in five languages: queries per page and server time.

    .venv/bin/python benchmarks/wire.py                 # SQLite in a temporary folder
    .venv/bin/python benchmarks/wire.py --postgres URL  # e.g. postgres://postgres@127.0.0.1/bench_wire

Loads the reports (with their listings, a revision each and the search
index), then prints for each page the number of SQL queries and the p50/p95
time of rendering it through Django (no network), over repeated requests.
Run it under `flock /tmp/internationale-bench.lock` on a shared machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PAGES = [
    ("wire home (fr)", "/wire/", "fr"),
    ("wire home (ar)", "/wire/", "ar"),
    ("country page (Brazil)", "/wire/country/BR/", "pt"),
    ("country page, page 10", "/wire/country/BR/?page=10", "pt"),
    ("region page", "/wire/region/europe/", "en"),
    ("topic page", "/wire/topic/strikes-and-labour/", "es"),
    ("feed, whole wire (Atom)", "/wire/feed.atom", "en"),
    ("feed, country (RSS)", "/wire/country/BR/feed.rss", "pt"),
    ("feed, urgent appeals", "/wire/appeals/feed.atom", "en"),
    ("language page", "/wire/language/fr/", "fr"),
    ("search, one word", "/wire/search/?q=huelga", "es"),
    ("search, two words", "/wire/search/?q=grève+syndicat", "fr"),
    ("search, in one language", "/wire/search/?q=greve&language=pt", "pt"),
    ("search, rare word", "/wire/search/?q=Metroviários", "pt"),
    ("report page", "/wire/report/{pk}/", "pt"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="bench-wire-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATA_DIR": data_dir,
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "HTTPS": "false",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "ALLOWED_HOSTS": "testserver",
            "PYTHONWARNINGS": "ignore::UserWarning",
        }
    )
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from internationale.wire.models import Report
    from tests.wire.bulk import bulk_reports

    call_command("migrate", "--no-input", verbosity=0)
    if args.postgres:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE wire_search, wire_search_text")
            cursor.execute(
                "TRUNCATE wire_revision, wire_reportcountry, wire_reportregion, wire_reporttopic, "
                "wire_media, wire_report CASCADE"
            )
    started = time.perf_counter()
    bulk_reports(args.reports)
    # A realistic front page: a pinned appeal, and a story with a rare word.
    first = Report.objects.order_by("-published_at").first()
    assert first is not None
    Report.objects.filter(pk=first.pk).update(kind="appeal", pinned=True)
    Report.objects.filter(pk=first.pk + 1).update(title="Metroviários param")
    from internationale.wire import search

    rare = Report.objects.get(pk=first.pk + 1)
    search.index([search.Document(rare.pk, rare.language, rare.title, rare.lede, rare.body)])
    if connection.vendor == "postgresql":
        # The steady state autovacuum keeps (it vacuums a table after inserts too):
        # statistics and the visibility map, without which a count reads every row.
        # The shared test server runs with autovacuum off, so the benchmark does it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("INSERT INTO wire_search(wire_search) VALUES ('optimize')")
    print(
        f"database: {connection.vendor}; {Report.objects.count():,} reports in "
        f"{len(set(Report.objects.values_list('language', flat=True)))} "
        f"languages loaded and indexed in {time.perf_counter() - started:.0f} s"
    )
    client = Client()
    # As the web server does once Django is loaded (config/wsgi.py): what lives as long
    # as the process is kept out of the collector's sight. Full collections that still
    # happen while timing are counted and reported below.
    gc.collect()
    gc.freeze()
    pauses: list[float] = []
    gc.callbacks.append(_full_collections(pauses))
    print(f"{'page':<26} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for label, path, language in PAGES:
        path = path.format(pk=first.pk + 2)
        executed = QueryCounter()
        with connection.execute_wrapper(executed):
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(args.repeat):
            begin = time.perf_counter()
            client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            times.append((time.perf_counter() - begin) * 1000)
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"{label:<26} {len(executed):>7} {statistics.median(times):>8.1f} {p95:>8.1f}")
    print(f"full garbage collections while timing: {len(pauses)} ({sum(pauses):.0f} ms)")


def _full_collections(pauses: list[float]):  # type: ignore[no-untyped-def]
    """A gc callback that adds the duration of each full (generation 2) collection."""
    started: list[float] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            pauses.append((time.perf_counter() - started[0]) * 1000)

    return callback


class QueryCounter(list[str]):
    """An execute wrapper that remembers every statement it lets through."""

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.append(sql)
        return execute(sql, params, many, context)


if __name__ == "__main__":
    main()
