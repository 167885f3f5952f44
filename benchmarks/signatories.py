#!/usr/bin/env python3
"""The list of signatories at 10,000 and 100,000 signatures: render time, cached and uncached.

    .venv/bin/python benchmarks/signatories.py [--postgres URL] [--sizes 10000 100000]

Renders pages of /declarations/<slug>/signatories/ through Django (no network):
the first page (with the contents of the whole list), a page in the middle and
the last one; "uncached" moves the list's version on before every request (as
a confirmation does) and empties the cache, so not even a busy list's contents
(kept up to DECLARATION_LIST_MAX_AGE seconds) are reused; "cached" does not.
Signers are spread over the countries as a campaign spreads them: a few
countries hold most (Zipf weights), two thirds are people, one in five of them
only counted, a tenth of the organizations matched to the directory, some twice.
Then the declaration's own page, with its counts and the sign form, in English
and in Arabic, uncached and cached alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from random import Random

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

    from internationale.core.cache import local_cache as cache
    from internationale.declarations import queries
    from internationale.declarations.models import Declaration, DeclarationText, Signature
    from internationale.organizations.models import Country, Organization

    call_command("migrate", "--no-input", verbosity=0)
    countries = list(Country.objects.all())
    client = Client()
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}")
    organizations = [
        Organization.objects.create(name=f"Directory organization {n}", country=countries[n])
        for n in range(50)
    ]
    print(f"{'signatures':>10} {'page':>16} {'uncached p50 ms':>16} {'max ms':>9} "
          f"{'cached p50 ms':>14} {'page KB':>8}")  # fmt: skip

    def measure(
        declaration: Declaration, size: int, label: str, url: str, language: str = "en"
    ) -> None:
        """p50 and max uncached, p50 cached, of ``url``, printed as a row."""
        uncached, cached = [], []
        size_kb = 0
        for _ in range(args.repeat):
            Declaration.objects.filter(pk=declaration.pk).update(list_changed_at=timezone.now())
            cache.clear()  # nothing kept: not even a busy list's contents of 5 s ago
            began = time.perf_counter()
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            uncached.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
            size_kb = len(response.content) // 1024
            began = time.perf_counter()
            client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            cached.append((time.perf_counter() - began) * 1000)
        print(f"{size:>10,} {label:>16} "
              f"{statistics.median(uncached):>16.1f} {max(uncached):>9.1f} "
              f"{statistics.median(cached):>14.1f} {size_kb:>8,}")  # fmt: skip

    for size in args.sizes:
        slug = f"bench-{size}-{time.monotonic_ns()}"
        declaration = Declaration.objects.create(slug=slug, state="open")
        DeclarationText.objects.create(
            declaration=declaration, language="en", title="Bench", body="b", is_original=True
        )
        now = timezone.now()
        random = Random(size)
        weights = [1 / rank for rank in range(1, len(countries) + 1)]
        spread = random.choices(countries, weights=weights, k=size)
        names = (f"Signer {random.randrange(10**9)}" for _ in range(size))
        rows = (
            Signature(
                declaration=declaration,
                kind="person" if i % 3 else "organization",
                name=name,
                sort_name=Signature.sort_key(name),
                email=f"s{i}@example.org",
                country=None if i % 3 == 0 and i % 21 == 0 else country,
                organization=organizations[i % len(organizations)] if i % 30 == 0 else None,
                show_name=i % 5 != 0,
                state="confirmed",
                confirmed_at=now,
            )
            for i, country, name in zip(range(size), spread, names, strict=True)
        )
        Signature.objects.bulk_create(rows, batch_size=5000)
        path = f"/declarations/{slug}/signatories/"
        pages = -(-queries.contents(declaration, "en").total_listed // queries.PAGE_SIZE)
        for label, page in (("first", 1), ("middle", pages // 2 or 1), ("last", pages)):
            measure(declaration, size, f"{label} ({page}/{pages})", f"{path}?page={page}")
        # The declaration's own page (its text, counts and the sign form), which every
        # signer opens first.
        for language in ("en", "ar"):
            page_url = f"/declarations/{slug}/"
            measure(declaration, size, f"declaration {language}", page_url, language)


if __name__ == "__main__":
    main()
