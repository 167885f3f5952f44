#!/usr/bin/env python3
"""The list of signatories at 10,000 and 100,000 signatures: render time, cached and uncached.

    .venv/bin/python benchmarks/signatories.py [--postgres URL] [--sizes 10000 100000]

Renders /declarations/<slug>/signatories/ through Django (no network); "uncached"
moves the list's version on before every request, "cached" does not.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATA_DIR": tempfile.mkdtemp(prefix="bench-signatories-"),
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "HTTPS": "false",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from internationale.declarations.models import Declaration, DeclarationText, Signature
    from internationale.organizations.models import Country

    call_command("migrate", "--no-input", verbosity=0)
    countries = list(Country.objects.all())
    client = Client()
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}")
    print(f"{'signatures':>10} {'uncached p50 ms':>16} {'cached p50 ms':>14} {'page KB':>8}")
    for size in args.sizes:
        slug = f"bench-{size}-{time.monotonic_ns()}"
        declaration = Declaration.objects.create(slug=slug, state="open")
        DeclarationText.objects.create(
            declaration=declaration, language="en", title="Bench", body="b", is_original=True
        )
        now = timezone.now()
        rows = (
            Signature(
                declaration=declaration,
                kind="person" if i % 3 else "organization",
                name=f"Signer {i}",
                email=f"s{i}@example.org",
                country=country,
                show_name=i % 5 != 0,
                state="confirmed",
                confirmed_at=now,
            )
            for i, country in zip(range(size), itertools.cycle(countries), strict=False)
        )
        Signature.objects.bulk_create(rows, batch_size=5000)
        path = f"/declarations/{slug}/signatories/"
        uncached, cached = [], []
        size_kb = 0
        for _ in range(args.repeat):
            Declaration.objects.filter(pk=declaration.pk).update(list_changed_at=timezone.now())
            began = time.perf_counter()
            response = client.get(path)
            uncached.append((time.perf_counter() - began) * 1000)
            size_kb = len(response.content) // 1024
            began = time.perf_counter()
            client.get(path)
            cached.append((time.perf_counter() - began) * 1000)
        print(f"{size:>10,} {statistics.median(uncached):>16.0f} "
              f"{statistics.median(cached):>14.0f} {size_kb:>8,}")  # fmt: skip


if __name__ == "__main__":
    main()
