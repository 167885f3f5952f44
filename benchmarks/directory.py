#!/usr/bin/env python3
"""Directory pages with 20,000 organizations: queries per page and server time.

    .venv/bin/python benchmarks/directory.py                 # SQLite in a temporary folder
    .venv/bin/python benchmarks/directory.py --postgres URL  # e.g. postgres://postgres@127.0.0.1/bench_directory

Prints, for each page, the number of SQL queries and the p50/p95 time of
rendering it through Django (no network), over repeated requests, and the p50
of this process's processor time: on SQLite the whole request, steadier than
the clock when other work shares the machine (PostgreSQL's own work is not in it).
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

from benchmarks.sign import empty  # noqa: E402  (the same emptying of the PostgreSQL database)

PAGES = [
    ("directory, first page", "/directory/"),
    ("directory, page 20 of all", "/directory/?status=all&page=20"),
    ("search by name", "/directory/?q=organization+01234&status=all"),
    ("filter region + kind", "/directory/?region=europe&kind=union&status=all"),
    ("filter country", "/directory/?country=BR&status=all"),
    ("organization page", "/directory/{pk}/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--organizations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="bench-directory-")
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

    from internationale.organizations.models import Organization
    from tests.organizations.factories import bulk_organizations

    if args.postgres:
        empty(args.postgres)
    call_command("migrate", "--no-input", verbosity=0)
    Organization.objects.all().delete()
    started = time.perf_counter()
    bulk_organizations(args.organizations)
    if args.postgres:  # what autovacuum does soon after on a server
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"database: {connection.vendor}; {Organization.objects.count():,} organizations "
          f"created in {time.perf_counter() - started:.1f} s")  # fmt: skip
    pk = Organization.objects.order_by("pk").values_list("pk", flat=True)[args.organizations // 2]
    client = Client()
    # As the web server does once Django is loaded (config/wsgi.py, and benchmarks/wire.py):
    # what lives as long as the process is kept out of the collector's sight.
    gc.collect()
    gc.freeze()
    print(f"{'page':<28} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8}")
    for label, path in PAGES:
        path = path.format(pk=pk)
        executed = QueryCounter()
        with connection.execute_wrapper(executed):
            assert client.get(path).status_code == 200
        times, cpu = [], []
        for _ in range(args.repeat):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"{label:<28} {len(executed):>7} {statistics.median(times):>8.1f} {p95:>8.1f} "
              f"{statistics.median(cpu):>8.1f}")  # fmt: skip


class QueryCounter(list[str]):
    """An execute wrapper that remembers every statement it lets through."""

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.append(sql)
        return execute(sql, params, many, context)


if __name__ == "__main__":
    main()
