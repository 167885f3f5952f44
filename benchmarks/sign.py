#!/usr/bin/env python3
"""Signing a declaration under load, through the real server, over HTTP.

    .venv/bin/python benchmarks/sign.py                       # SQLite, as command 1 runs it
    .venv/bin/python benchmarks/sign.py --postgres postgres://postgres@127.0.0.1:5432/bench_sign

Starts `internationale serve` (gunicorn and the worker) on a free local port
with a fresh database, opens one declaration, and has CLIENTS concurrent
clients sign it for SECONDS seconds, each with new addresses (confirmation
mail, duplicate handling and abuse limits all on the path), and fetch
/healthz for as long, after WARM_UP seconds of each load that are not timed
(the server's processes finish starting, each thread opens its database
connection). The two loads alternate in ROUNDS slices, so that
whatever else the machine does weighs on both alike. After each round of
signing the worker is let finish sending its confirmation mail, and that time
counts as signing time, so that the hello page is measured on a quiet server
and the signing rate includes the mail. Prints signatures
accepted per second, p50/p99 latency, the hello rate, their ratio, and how
many acknowledged signatures are missing from the database, or have no
confirmation mail in the outbox (both must be 0).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import multiprocessing
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [str(BIN / "internationale"), *args], env=env, check=True, capture_output=True, text=True
    ).stdout


SETUP = """
from internationale.declarations.models import Declaration, DeclarationText
d, _ = Declaration.objects.get_or_create(slug="bench", defaults={"state": "open"})
DeclarationText.objects.get_or_create(declaration=d, language="en",
    defaults={"title": "Benchmark", "body": "Sign here.", "is_original": True})
"""

COUNT = """
import sys
from internationale.declarations.queries import unaccounted
missing, unmailed = unaccounted(set(sys.stdin.read().split()))
print(len(missing), len(unmailed))
"""


#: Signers name their country, as the form asks them to.
COUNTRIES = ["BR", "ZA", "IN", "FR", "PS", "AR", "US", "EG"]


class Client:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""

    def get(self, path: str) -> tuple[int, bytes]:
        self.connection.request("GET", path, headers={"Cookie": self.cookie})
        response = self.connection.getresponse()
        body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("csrftoken="):
                self.cookie = header.split(";", 1)[0]
        return response.status, body

    def prepare(self) -> None:
        _, body = self.get("/declarations/bench/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert found, body[:500]
        self.token = found.group(1).decode()

    def sign(self, email: str) -> int:
        body = urlencode(
            {"csrfmiddlewaretoken": self.token, "kind": "person", "name": "Bench Signer",
             "country": COUNTRIES[len(email) % len(COUNTRIES)], "email": email, "show_name": "on"}
        )  # fmt: skip
        self.connection.request(
            "POST", "/declarations/bench/", body=body,
            headers={"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded",
                     "Referer": "http://127.0.0.1/declarations/bench/"},
        )  # fmt: skip
        response = self.connection.getresponse()
        response.read()
        return response.status


def empty(postgres: str) -> None:
    """Empty the PostgreSQL database (made if missing), so the migrations start afresh.

    (``flush`` would keep the tables but empty the places the migrations load,
    and signers name their country.)
    """
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = conninfo_to_dict(postgres).get("dbname")
    if name:
        with psycopg.connect(make_conninfo(postgres, dbname="postgres"), autocommit=True) as server:
            known = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not known.fetchone():
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(str(name))))
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def pending_mail(postgres: str | None, data: str) -> int:
    """Mails still to send (confirmations not yet stored, and the outbox's), from the database."""
    query = (
        "SELECT (SELECT COUNT(*) FROM mail_outboxmessage WHERE state = 'pending')"
        " + (SELECT COUNT(*) FROM declarations_signature WHERE mail_due)"
    )
    if postgres:
        import psycopg

        with psycopg.connect(postgres) as connection:
            return int(connection.execute(query).fetchone()[0])  # type: ignore[index]
    import sqlite3

    with contextlib.closing(sqlite3.connect(Path(data) / "internationale.sqlite3")) as connection:
        return int(connection.execute(query).fetchone()[0])


def _reference_sign(client: Client, email: str) -> int:
    body = urlencode({"csrfmiddlewaretoken": client.token, "name": "Bench Signer", "email": email})
    client.connection.request(
        "POST", "/reference-sign/", body=body,
        headers={"Cookie": client.cookie, "Content-Type": "application/x-www-form-urlencoded",
                 "Referer": "http://127.0.0.1/declarations/bench/"},
    )  # fmt: skip
    response = client.connection.getresponse()
    response.read()
    return response.status


def _load_in_process(
    port: int, clients: int, seconds: float, action: str, process: int
) -> tuple[int, list[float], list[str], list[int]]:
    """``clients`` threads of one client process, for ``seconds``."""
    done = 0
    latencies: list[float] = []
    acknowledged: list[str] = []
    errors: list[int] = []
    lock = threading.Lock()
    # Every client fetches the form (its CSRF token) before the clock starts.
    ready = threading.Barrier(clients + 1)
    stop = 0.0

    def worker(number: int) -> None:
        nonlocal done
        client = Client(port)
        if action in ("sign", "reference"):
            client.prepare()
        ready.wait()
        sequence = 0
        while time.monotonic() < stop:
            sequence += 1
            email = f"bench-{process}-{number}-{sequence}-{time.monotonic_ns()}@example.org"
            began = time.perf_counter()
            if action == "sign":
                status = client.sign(email)
            elif action == "reference":
                status = _reference_sign(client, email)
            else:
                status = client.get("/healthz")[0]
            elapsed = time.perf_counter() - began
            with lock:
                if status in (200, 302):
                    done += 1
                    latencies.append(elapsed)
                    if action == "sign":
                        acknowledged.append(email)
                else:
                    errors.append(status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop = time.monotonic() + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    return done, latencies, acknowledged, errors


def load(
    port: int, clients: int, seconds: float, action: str, processes: int = 2
) -> tuple[int, list[float], list[str]]:
    """``clients`` concurrent clients spread over ``processes`` client processes.

    One Python process cannot send more than about a thousand requests a
    second (its threads share one interpreter lock): the hello page would be
    measured at the client's speed, not the server's.
    """
    per_process = [clients // processes + (i < clients % processes) for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.starmap(
            _load_in_process,
            [(port, n, seconds, action, i) for i, n in enumerate(per_process) if n],
        )
    done = sum(part[0] for part in parts)
    latencies = [value for part in parts for value in part[1]]
    acknowledged = [email for part in parts for email in part[2]]
    errors = [status for part in parts for status in part[3]]
    if errors:
        print(f"  {action}: {len(errors)} responses other than 200/302: {sorted(set(errors))}")
    return done, latencies, acknowledged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20, help="per load, in all")
    parser.add_argument("--rounds", type=int, default=5, help="slices the loads alternate in")
    parser.add_argument(
        "--warm-up", type=float, default=2.0, help="seconds of each load first, not timed"
    )
    parser.add_argument(
        "--reference",
        action="store_true",
        help="also measure a plain Django form-plus-insert view in the same run",
    )
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="bench-sign-")
    port = free_port()
    env = {**os.environ, "DATA_DIR": data, "HTTPS": "false", "PORT": str(port)}
    env.pop("PYTEST_VERSION", None)
    # The worker prints the confirmation mails to the log, as the demo does (decision 0019).
    env.setdefault("INTERNATIONALE_DEMO", "true")
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
    if args.reference:
        env["ROOT_URLCONF"] = "reference_urls"
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(REPO / "benchmarks"), env.get("PYTHONPATH")])
        )
    if args.postgres:
        empty(args.postgres)
    run(env, "migrate")
    subprocess.run(
        [str(BIN / "internationale"), "manage", "shell", "-c", SETUP], env=env, check=True
    )
    log = Path(data) / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(BIN / "internationale"), "serve", "--workers", str(args.web_workers)],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while "Internationale is running" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        vendor = "PostgreSQL" if args.postgres else "SQLite (WAL)"
        print(f"database: {vendor}; {args.clients} clients in {args.client_processes} "
              f"processes, {args.warm_up:.0f} s of each load to warm up, then {args.seconds:.0f} s "
              f"of each in {args.rounds} alternating "
              f"rounds; gunicorn {args.web_workers} workers x 4 threads, "
              "and the worker")  # fmt: skip
        # Warm-up, not timed: "running" means the port is open, while gunicorn's workers
        # and the worker may still be importing; and each server thread opens its
        # database connection at its first request. Its signatures are checked too.
        warmed: list[str] = []
        for action in ("sign", "hello", "reference") if args.reference else ("sign", "hello"):
            warmed += load(port, args.clients, args.warm_up, action, args.client_processes)[2]
        while pending_mail(args.postgres, data):
            time.sleep(0.05)
        signed = hello = referenced = 0
        reference_latencies: list[float] = []
        sign_latencies: list[float] = []
        hello_latencies: list[float] = []
        acknowledged: list[str] = []
        draining = 0.0
        for _ in range(args.rounds):
            done, latencies, emails = load(
                port, args.clients, args.seconds / args.rounds, "sign", args.client_processes
            )
            signed, sign_latencies, acknowledged = (
                signed + done,
                sign_latencies + latencies,
                acknowledged + emails,
            )
            # The worker sends the round's mail before the hello load starts, and that
            # time counts as signing time: the hello page is measured on a quiet server.
            began = time.monotonic()
            while pending_mail(args.postgres, data):
                time.sleep(0.05)
            draining += time.monotonic() - began
            done, latencies, _ = load(
                port, args.clients, args.seconds / args.rounds, "hello", args.client_processes
            )
            hello, hello_latencies = hello + done, hello_latencies + latencies
            if args.reference:
                done, latencies, _ = load(
                    port, args.clients, args.seconds / args.rounds, "reference",
                    args.client_processes,
                )  # fmt: skip
                referenced, reference_latencies = referenced + done, reference_latencies + latencies
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    missing, unmailed = subprocess.run(
        [str(BIN / "internationale"), "manage", "shell", "-c", COUNT],
        env=env, input="\n".join(acknowledged + warmed), capture_output=True, text=True,
        check=True,
    ).stdout.strip().splitlines()[-1].split()  # fmt: skip
    sign_rate, hello_rate = signed / (args.seconds + draining), hello / args.seconds

    def pct(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0

    print(f"signatures accepted/s   {sign_rate:8.1f}   p50 {pct(sign_latencies, 50):6.1f} ms"
          f"   p99 {pct(sign_latencies, 99):6.1f} ms   (their mail sent: {args.seconds:.0f} s "
          f"of signing + {draining:.1f} s for the worker to finish)")  # fmt: skip
    print(f"hello page/s            {hello_rate:8.1f}   p50 {pct(hello_latencies, 50):6.1f} ms"
          f"   p99 {pct(hello_latencies, 99):6.1f} ms")  # fmt: skip
    print(f"ratio sign/hello        {sign_rate / hello_rate:8.2f}")
    if args.reference:
        reference_rate = referenced / args.seconds
        print(f"reference form+insert/s {reference_rate:8.1f}   "
              f"p50 {pct(reference_latencies, 50):6.1f} ms   "
              f"p99 {pct(reference_latencies, 99):6.1f} ms")  # fmt: skip
        print(f"ratio reference/hello   {reference_rate / hello_rate:8.2f}")
    print(f"acknowledged signatures missing from the database: {missing}")
    print(f"acknowledged signatures without their mail in the outbox: {unmailed}")


if __name__ == "__main__":
    main()
