#!/usr/bin/env python3
"""How long the sign form takes to answer, by the state of the address (decision 0020).

    .venv/bin/python benchmarks/sign_again.py                 # SQLite, as command 1 runs it
    .venv/bin/python benchmarks/sign_again.py --postgres postgres://postgres@127.0.0.1:5432/bench_sign

The answer is the same page whatever the address had done before; this
measures whether its time tells the states apart. Starts `internationale
serve` as benchmarks/sign.py does, gives the declaration signatures in each
state (waiting since an hour, confirmed, withdrawn), then one client posts the
form in turn with a new address, with an address that signed a moment ago,
and with one address of each state, ROUNDS times, and prints the median,
10th and 90th percentile of each kind's answer time.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from sign import BIN, SETUP, Client, empty, free_port, run

STATES = """
from datetime import timedelta
from django.utils import timezone
from internationale.declarations.models import Declaration, Signature
d = Declaration.objects.get(slug="bench")
an_hour_ago = timezone.now() - timedelta(hours=1)
Signature.objects.bulk_create(
    Signature(declaration=d, kind="person", name="Bench", sort_name="bench",
              email=f"{state}{n}@example.org", state=state,
              confirmed_at=None if state == "pending" else an_hour_ago,
              confirmation_sent_at=an_hour_ago, confirmations_sent=1, language="en",
              link_base="http://127.0.0.1")
    for state in ("pending", "confirmed", "withdrawn") for n in range(ROUNDS)
)
"""

KINDS = ("new", "signed a moment ago", "waiting", "confirmed", "withdrawn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="bench-sign-again-")
    port = free_port()
    env = {**os.environ, "DATA_DIR": data, "HTTPS": "false", "PORT": str(port)}
    env.pop("PYTEST_VERSION", None)
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
        empty(args.postgres)
    run(env, "migrate")
    for script in (SETUP, STATES.replace("ROUNDS", str(args.rounds))):
        subprocess.run(
            [str(BIN / "internationale"), "manage", "shell", "-c", script], env=env, check=True
        )
    log = Path(data) / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(BIN / "internationale"), "serve", "--workers", "1"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    try:
        deadline = time.monotonic() + 120
        while "Internationale is running" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        client = Client(port)
        client.prepare()
        for number in range(20):  # warm up: the process's first requests are slower
            client.sign(f"warm{number}@example.org")
        addresses = {
            "new": "new{}@example.org",
            "signed a moment ago": "warm0@example.org",
            "waiting": "pending{}@example.org",
            "confirmed": "confirmed{}@example.org",
            "withdrawn": "withdrawn{}@example.org",
        }
        for number in range(args.rounds):
            for kind in KINDS:
                began = time.perf_counter()
                status = client.sign(addresses[kind].format(number))
                times[kind].append(time.perf_counter() - began)
                assert status == 302, (kind, status)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    vendor = "PostgreSQL" if args.postgres else "SQLite (WAL)"
    print(f"database: {vendor}; one client, {args.rounds} answers of each kind, in turn")
    for kind, values in times.items():
        tenths = statistics.quantiles(values, n=10)
        print(f"{kind:22s} median {statistics.median(values) * 1000:6.2f} ms   "
              f"p10 {tenths[0] * 1000:6.2f} ms   p90 {tenths[-1] * 1000:6.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
