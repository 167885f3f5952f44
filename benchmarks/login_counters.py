#!/usr/bin/env python3
"""What allauth's failed log-in counters cost per attempt: database cache vs local memory.

    .venv/bin/python benchmarks/login_counters.py [--postgres URL] [--attempts 300]

Runs allauth's ``consume`` for "login_failed" (both rates: per address, per
account) as a failed log-in does, each attempt from another address and for
another account, against the "default" cache (the database cache of the
embedded default, on a fresh SQLite file, or PostgreSQL) and the per-process
"local" one (decision 0019). Prints the median and the maximum in milliseconds.
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be changed")
    parser.add_argument("--attempts", type=int, default=300)
    args = parser.parse_args()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATA_DIR": tempfile.mkdtemp(prefix="bench-login-counters-"),
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "EMAIL_URL": "smtp://127.0.0.1:9",
        }
    )
    os.environ.pop("CACHE_URL", None)
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    import django

    django.setup()
    from allauth.core.internal import ratelimit
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import RequestFactory

    call_command("migrate", "--no-input", verbosity=0)
    call_command("createcachetable")
    factory = RequestFactory()
    print(f"{'cache':<8} {'backend':<14} {'median ms':>10} {'max ms':>8}")
    for alias in ("local", "default"):
        ratelimit.cache = caches[alias]  # allauth reads the default cache; here either
        caches[alias].clear()
        times = []
        for n in range(args.attempts):
            request = factory.post("/accounts/login/", REMOTE_ADDR=f"10.0.{n % 250}.{n // 250}")
            began = time.perf_counter()
            ratelimit.consume(
                request, app="allauth.account", action="login_failed", key=f"p{n}@example.org"
            )
            times.append((time.perf_counter() - began) * 1000)
        backend = type(caches[alias]).__name__
        print(f"{alias:<8} {backend:<14} {statistics.median(times):>10.2f} {max(times):>8.2f}")


if __name__ == "__main__":
    main()
