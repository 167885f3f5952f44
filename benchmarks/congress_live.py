#!/usr/bin/env python3
"""A thousand delegates following the floor while the chair changes the speaker.

    .venv/bin/python benchmarks/congress_live.py                 # SQLite in a temporary folder
    .venv/bin/python benchmarks/congress_live.py --postgres URL  # e.g. postgres://postgres@127.0.0.1:5432/bench_floor
    .venv/bin/python benchmarks/congress_live.py --polling       # the fallback, for comparison

Starts `internationale serve` (gunicorn, as config/gunicorn.py sets it) on a free
local port with a fresh database holding a congress in session, an item under
discussion and a speakers' list. Then FOLLOWERS simulated delegates (asyncio, one
keep-alive connection each) follow the floor the way congresses/floor.js does:
by server-sent events (the server started with `serve --floor-streams N`, as
decision 0027 says), reconnecting with the last version seen
when a stream ends; or, with --polling or when the server answers the stream
with 204, by asking for the state with the page's follower token and ETag,
waiting POLL seconds after each answer (304 while nothing changed).
Meanwhile this process, as the chair, gives the floor to the next speaker CHANGES
times (through services.floor.next_speaker, on the same database, one change
every INTERVAL seconds), and a few clients fetch the hello page (/healthz) in a
loop. For every change and every follower, the time from the change's commit to
the first answer that shows it is recorded; the figures are their 99th
percentile and their maximum ("by all": the slowest follower on the slowest
change). An error is an answer other than 200/304, a broken connection or a
timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from benchmarks.sign import empty  # noqa: E402  (the same emptying of the PostgreSQL database)

SLUG = "bench-floor"
SECRET = "benchmark-only-" + "x" * 40
TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def setup_django(data: str, postgres: str | None) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATA_DIR": data,
            "SECRET_KEY": SECRET,
            "HTTPS": "false",
            "INTERNATIONALE_DEMO": "true",
            "PYTHONWARNINGS": "ignore::UserWarning",
        }
    )
    os.environ.pop("PYTEST_VERSION", None)
    if postgres:
        os.environ["DATABASE_URL"] = postgres
    import django

    django.setup()


def seed(speakers: int) -> tuple[int, int, list[str]]:
    """A congress in session, its chair, an item and ``speakers`` waiting; the congress id,
    the state's version and one follower token per seeded delegate (as their pages give)."""
    from django.core.management import call_command

    from internationale.accounts.models import Role, User
    from internationale.accounts.services import assign_role
    from internationale.congresses.models import Congress, Delegate, FloorState, Phase
    from internationale.congresses.services import floor as services
    from internationale.congresses.views.floor import follower_token
    from internationale.organizations.models import Organization, OrganizationStatus

    call_command("migrate", "--no-input", verbosity=0)
    call_command("createcachetable", verbosity=0)
    congress = Congress.objects.create(title="Bench congress", slug=SLUG, phase=Phase.SESSION)
    chair = User.objects.create_user(email="chair@bench.invalid", password=None)
    assign_role(by=None, user=chair, role=Role.CHAIR, congress=congress)
    section = Organization.objects.create(
        name="Bench section", status=OrganizationStatus.OFFICIAL_SECTION
    )
    item = services.add_item(by=chair, congress=congress, language="en", title="Programme")
    services.set_current_item(by=chair, congress=congress, item_id=item.pk)
    users = User.objects.bulk_create(
        User(email=f"delegate{i}@bench.invalid") for i in range(speakers)
    )
    Delegate.objects.bulk_create(
        Delegate(
            congress=congress, organization=section, user=u, name=f"Delegate {i}",
            credentials=Delegate.Credentials.ACCEPTED,
        )
        for i, u in enumerate(users)
    )  # fmt: skip
    for user in users:
        services.ask_to_speak(by=user, congress=congress, kind="on", list_="general")
    version = FloorState.objects.get(congress=congress).version
    return congress.pk, version, [follower_token(congress, u) for u in users]


class Follower:
    """One delegate's page: a keep-alive connection asking for the state."""

    def __init__(self, port: int, token: str, etag: str, version: int) -> None:
        self.port, self.etag, self.version = port, etag, version
        self.path = f"/congresses/{SLUG}/floor/state/?t={token}"
        self.seen: dict[int, float] = {}
        self.errors = 0
        self.requests = 0
        self.polled = False  # a streamer the server sent back to polling
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def ask(self) -> None:
        for attempt in (1, 2):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                status, body = await asyncio.wait_for(self._exchange(), TIMEOUT)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                await self.close()
                if attempt == 2:
                    self.errors += 1
                continue
            self.requests += 1
            if status == 200:
                version = int(json.loads(body)["version"])
                if version > self.version:
                    self.seen[version] = time.time()
                    self.version = version
            elif status != 304:
                self.errors += 1
            return

    async def _exchange(self) -> tuple[int, bytes]:
        assert self.reader is not None
        assert self.writer is not None
        self.writer.write(
            (
                f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"If-None-Match: {self.etag}\r\nAccept: application/json\r\n\r\n"
            ).encode()
        )
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        length, chunked, closing = 0, False, False
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "etag":
                self.etag = value
            elif name == "connection" and value.lower() == "close":
                closing = True
        body = await (self._chunks() if chunked else self.reader.readexactly(length))
        if closing:
            await self.close()
        return status, body

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        body = b""
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            body += await self.reader.readexactly(size)
            await self.reader.readexactly(2)
        await self.reader.readuntil(b"\r\n")
        return body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def follow(self, poll: float, stop: asyncio.Event) -> None:
        await asyncio.sleep(random.random() * poll)  # pages opened at different moments
        while not stop.is_set():
            await self.ask()
            await asyncio.sleep(poll)  # floor.js waits this long after each answer
        await self.close()


class Streamer(Follower):
    """One delegate's page with an EventSource: a stream of the state's versions.

    When the server answers 204 (streams off or all taken), it polls as Follower does.
    """

    async def follow(self, poll: float, stop: asyncio.Event) -> None:
        await asyncio.sleep(random.random() * poll)
        stream = self.path.replace("/floor/state/", "/floor/stream/")
        while not stop.is_set():
            try:
                streamed = await self._stream(stream, stop)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                self.errors += 1
                await asyncio.sleep(1.0)  # EventSource's retry
                continue
            if not streamed:  # 204: poll instead
                self.polled = True
                await Follower.follow(self, poll, stop)
                return

    async def _stream(self, path: str, stop: asyncio.Event) -> bool:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(
                (
                    f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    f"Last-Event-ID: {self.version}\r\n\r\n"
                ).encode()
            )
            await writer.drain()
            status = int((await reader.readuntil(b"\r\n")).split()[1])
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass
            self.requests += 1
            if status == 204:
                return False
            if status != 200:
                raise ValueError(status)
            while not stop.is_set():
                line = await reader.readline()
                if not line or line == b"0\r\n":  # closed, or the last chunk: reconnect
                    return True
                if line.startswith(b"id: "):
                    version = int(line[4:])
                    if version > self.version:
                        self.seen[version] = time.time()
                        self.version = version
            return True
        finally:
            writer.close()


async def hello(port: int, stop: asyncio.Event, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    while not stop.is_set():
        began = time.perf_counter()
        writer.write(request)
        await writer.drain()
        await reader.readuntil(b"\r\n")
        length = 0
        while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - began)
    writer.close()


def chair(congress_id: int, changes: int, interval: float, commits: dict[int, float]) -> None:
    """Give the floor to the next speaker ``changes`` times; note each version's commit."""
    from django.db import connection

    from internationale.accounts.models import User
    from internationale.congresses.models import Congress, FloorState
    from internationale.congresses.services import floor as services

    congress = Congress.objects.get(pk=congress_id)
    by = User.objects.get(email="chair@bench.invalid")
    for _ in range(changes):
        time.sleep(interval)
        seen = FloorState.objects.get(congress=congress).version
        state = services.next_speaker(by=by, congress=congress, seen_version=seen)
        commits[state.version] = time.time()
    connection.close()


async def measure(args: argparse.Namespace, port: int, congress_id: int, version: int,
                  tokens: list[str]) -> None:  # fmt: skip
    etag = f'"{version}-en"'
    kind = Streamer if args.sse else Follower
    followers = [kind(port, tokens[i % len(tokens)], etag, version) for i in range(args.followers)]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(f.follow(args.poll, stop)) for f in followers]
    await asyncio.sleep(args.warm_up)
    hello_latencies: list[float] = []
    hellos = [asyncio.create_task(hello(port, stop, hello_latencies))]
    commits: dict[int, float] = {}
    began = time.perf_counter()
    chair_thread = threading.Thread(
        target=chair, args=(congress_id, args.changes, args.interval, commits)
    )
    chair_thread.start()
    while chair_thread.is_alive():
        await asyncio.sleep(0.2)
    await asyncio.sleep(3 * args.poll + 1)  # the last change reaches everyone
    elapsed = time.perf_counter() - began
    stop.set()
    await asyncio.gather(*tasks, *hellos, return_exceptions=True)
    report(args, followers, commits, hello_latencies, elapsed)


def report(
    args: argparse.Namespace,
    followers: list[Follower],
    commits: dict[int, float],
    hello_latencies: list[float],
    elapsed: float,
) -> None:
    delays: list[float] = []
    missed = 0
    for follower in followers:
        for version, committed in commits.items():
            seen = min((t for v, t in follower.seen.items() if v >= version), default=None)
            if seen is None:
                missed += 1
            else:
                delays.append(max(0.0, seen - committed) * 1000)
    if os.environ.get("BENCH_DETAIL"):
        for version, committed in sorted(commits.items()):
            each = sorted(
                (min((t for v, t in f.seen.items() if v >= version), default=committed + 99)
                 - committed) * 1000
                for f in followers
            )  # fmt: skip
            print(f"  version {version}: p50 {each[len(each) // 2]:.0f} ms, "
                  f"p99 {each[int(len(each) * 0.99)]:.0f} ms, max {each[-1]:.0f} ms")  # fmt: skip
    errors = sum(f.errors for f in followers) + missed
    requests = sum(f.requests for f in followers)
    p99 = statistics.quantiles(delays, n=100)[98] if len(delays) > 1 else 0.0
    p50 = statistics.median(delays) if delays else 0.0
    hello_rate = len(hello_latencies) / elapsed
    hello_p99 = (
        statistics.quantiles(hello_latencies, n=100)[98] * 1000 if len(hello_latencies) > 1 else 0
    )
    polled = sum(f.polled for f in followers)
    print(f"state or stream requests/s {requests / elapsed:.1f} (polls every {args.poll:.2f} s "
          f"after each answer; streams sent back to polling: {polled}); change seen p50 "
          f"{p50:.0f} ms; not seen at all: {missed}")  # fmt: skip
    print(f"hello page/s     {hello_rate:8.1f}   p99 {hello_p99:6.1f} ms   (one client in a loop, "
          "while the floor is followed)")  # fmt: skip
    print(f"delegates following: {len(followers)}; change seen by 99%: {p99:.0f} ms; "
          f"by all: {max(delays, default=0):.0f} ms; errors: {errors}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--interval", type=float, default=1.5, help="seconds between changes")
    parser.add_argument("--poll", type=float, default=0.7, help="as POLL_MS in floor.js")
    parser.add_argument("--warm-up", type=float, default=5.0)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument(
        "--streams",
        type=int,
        default=1092,
        help="serve --floor-streams: streams a worker keeps open (it gets 8 threads more)",
    )
    parser.add_argument(
        "--polling",
        action="store_true",
        help="follow by polling instead, on the default server (config/gunicorn.py's threads)",
    )
    args = parser.parse_args()
    args.sse = 0 if args.polling else args.streams
    data = tempfile.mkdtemp(prefix="bench-floor-")
    if args.postgres:
        empty(args.postgres)
    setup_django(data, args.postgres)
    congress_id, version, tokens = seed(args.changes + 10)
    port = free_port()
    env = {**os.environ, "PORT": str(port)}
    log = Path(data) / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(BIN / "internationale"), "serve", "--no-worker", "--port", str(port),
             "--workers", str(args.web_workers), "--floor-streams", str(args.sse)],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while "Internationale is running" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        vendor = "PostgreSQL" if args.postgres else "SQLite (WAL)"
        how = f"server-sent events, {args.sse} streams a worker" if args.sse else "polling"
        print(f"database: {vendor}; gunicorn {args.web_workers} workers (config/gunicorn.py); "
              f"{args.followers} followers by {how}, {args.changes} changes every "
              f"{args.interval} s")  # fmt: skip
        asyncio.run(measure(args, port, congress_id, version, tokens))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
