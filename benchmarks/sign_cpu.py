#!/usr/bin/env python3
"""Processor time of one signature through the sign view, in one process.

    .venv/bin/python benchmarks/sign_cpu.py                   # SQLite in a new data directory
    .venv/bin/python benchmarks/sign_cpu.py --postgres postgres://postgres@127.0.0.1:5432/bench_cpu

Django's test client posts the sign form BATCH times with new addresses, each
signer naming a country, ROUNDS times, and prints the median and the least
processor time (time.process_time) per signature over the rounds. No server,
no network and no other thread: what the view costs, steadier than
benchmarks/sign.py on a busy machine, to compare two versions of the code run
in the same minutes (decision 0022). The confirmation mail is stored, not sent.
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

COUNTRIES = ["BR", "ZA", "IN", "FR", "PS", "AR", "US", "EG"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATA_DIR": tempfile.mkdtemp(prefix="bench-sign-cpu-"),
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "HTTPS": "false",
            "ALLOWED_HOSTS": "testserver",
            "INTERNATIONALE_DEMO": "true",
        }
    )
    if args.postgres:
        from sign import empty

        empty(args.postgres)
        os.environ["DATABASE_URL"] = args.postgres
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from internationale.declarations.models import Declaration, DeclarationText

    call_command("migrate", "--no-input", verbosity=0)
    declaration = Declaration.objects.create(slug="bench", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="Benchmark", body="Sign here.",
        is_original=True,
    )  # fmt: skip
    client = Client()
    sent = 0

    def batch(size: int) -> float:
        """Processor milliseconds per signature over ``size`` signatures."""
        nonlocal sent
        began = time.process_time()
        for _ in range(size):
            sent += 1
            response = client.post(
                "/declarations/bench/",
                {"kind": "person", "name": "Bench Signer", "show_name": "on",
                 "country": COUNTRIES[sent % len(COUNTRIES)],
                 "email": f"cpu-{sent}-{time.monotonic_ns()}@example.org"},
            )  # fmt: skip
            assert response.status_code == 302, response.status_code
        return (time.process_time() - began) * 1000 / size

    batch(50)  # the first requests import and connect
    per_signature = [batch(args.batch) for _ in range(args.rounds)]
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; "
          f"{args.rounds} rounds of {args.batch} signatures")  # fmt: skip
    print(f"processor time per signature: median {statistics.median(per_signature):.2f} ms,"
          f" least {min(per_signature):.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
