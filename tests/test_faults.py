"""Faults under load: a server worker and the task worker killed, PostgreSQL restarted.

No acknowledged signature may be lost, and no request may get a 500: a request
that meets the fault gets a 503 with Retry-After (or its connection is cut),
and the signer sends it again. Every acknowledged signature's confirmation mail
is delivered to a real SMTP server once the task worker is back. Not timed: the
figures are printed, not asserted.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import require
from tests.ports import free_port

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]

BIN = Path(sys.executable).parent
SETUP = """
from internationale.declarations.models import Declaration, DeclarationText
d, _ = Declaration.objects.get_or_create(slug="faults", defaults={"state": "open"})
DeclarationText.objects.get_or_create(declaration=d, language="en",
    defaults={"title": "Faults", "body": "Sign.", "is_original": True})
"""
CHECK = """
import sys
from internationale.declarations.queries import unaccounted
wanted = set(sys.stdin.read().split())
missing, unmailed = unaccounted(wanted)
print(len(wanted), len(missing), len(unmailed))
"""


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


@dataclass
class Load:
    port: int
    statuses: Counter[str] = field(default_factory=Counter)
    acknowledged: list[tuple[float, str]] = field(default_factory=list)
    without_retry_after: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def signer(self, number: int, stop: threading.Event) -> None:
        connection: http.client.HTTPConnection | None = None
        cookie = token = ""
        sequence = 0
        while not stop.is_set():
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
                    connection.request("GET", "/declarations/faults/")
                    response = connection.getresponse()
                    page = response.read()
                    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                    if response.status != 200 or not found:
                        self.record(str(response.status), response)
                        connection = None
                        time.sleep(0.5)
                        continue
                    token = found.group(1).decode()
                    cookie = next(
                        h.split(";", 1)[0]
                        for h in response.headers.get_all("Set-Cookie") or []
                        if h.startswith("csrftoken=")
                    )
                sequence += 1
                email = f"fault-{number}-{sequence}@example.org"
                fields = {"kind": "person", "name": "Fault Signer", "email": email}
                body = urlencode({"csrfmiddlewaretoken": token, "show_name": "on", **fields})
                connection.request("POST", "/declarations/faults/", body=body, headers={
                    "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{self.port}/declarations/faults/"})  # fmt: skip
                response = connection.getresponse()
                response.read()
                self.record(str(response.status), response)
                if response.status == 302:
                    with self.lock:
                        self.acknowledged.append((time.monotonic(), email))
                elif response.status == 503:
                    time.sleep(0.2)  # a client told to wait a moment
            except (OSError, http.client.HTTPException):
                self.record("connection cut", None)
                connection = None
                time.sleep(0.1)

    def record(self, status: str, response: http.client.HTTPResponse | None) -> None:
        with self.lock:
            self.statuses[status] += 1
            if status == "503" and response is not None and not response.getheader("Retry-After"):
                self.without_retry_after += 1


class PrivatePostgres:
    """A PostgreSQL server of the test's own, in a temporary folder, on a free port.

    Restarting the machine's shared server would cut every other test run's
    connections; this one belongs to the test alone. Made with the machine's
    own PostgreSQL programs (initdb refuses root, so they run as ``postgres``).
    """

    def __init__(self) -> None:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        require(bool(versions) and os.geteuid() == 0 and shutil.which("runuser") is not None,
                "no PostgreSQL programs to start a server of the test's own")  # fmt: skip
        self.bin = versions[-1].parent
        # Not under pytest's tmp_path: the postgres user must be able to reach it.
        self.folder = Path(tempfile.mkdtemp(prefix="internationale-faults-pg-"))
        self.folder.chmod(0o777)
        self.data = self.folder / "pgdata"
        self.port = free_port()
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust",
                          "-U", "postgres", "--no-sync")  # fmt: skip
        self.start()

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True,
                       capture_output=True, timeout=120)  # fmt: skip

    def _pg_ctl(self, action: str) -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"), action, "-D", str(self.data), "-w", "-m", "fast",
            "-l", str(self.folder / "postgres.log"),
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
        )  # fmt: skip

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        self._pg_ctl("restart")

    def stop(self) -> None:
        self._pg_ctl("stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@dataclass
class Mailbox:
    """The addresses a real SMTP server (aiosmtpd, on a free port) received mail for."""

    port: int
    recipients: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def received(self) -> set[str]:
        with self.lock:
            return set(self.recipients)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd narrates every command
    box = Mailbox(free_port())

    class Handler:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
            with box.lock:
                box.recipients.update(envelope.rcpt_tos)  # type: ignore[attr-defined]
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """The task worker, as `serve` starts it, but in a process the test may kill."""
    with log.open("a") as output:
        return subprocess.Popen(
            [str(BIN / "internationale"), "worker"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    yield server
    server.stop()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_no_acknowledged_signature_is_lost_and_no_request_gets_a_500(
    tmp_path, database, request, mailbox
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL"}}
    port = free_port()
    # The mails a killed worker had claimed are sent by the next one when the claim ends:
    # ten minutes in production, fifteen seconds here.
    env.update({"DATA_DIR": str(tmp_path), "HTTPS": "false", "PORT": str(port),
                "EMAIL_URL": f"smtp://127.0.0.1:{mailbox.port}",
                "OUTBOX_LEASE_SECONDS": "15"})  # fmt: skip
    postgres = request.getfixturevalue("private_postgres") if database == "postgresql" else None
    if postgres is not None:
        env["DATABASE_URL"] = postgres.url
    internationale = str(BIN / "internationale")
    subprocess.run([internationale, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([internationale, "manage", "shell", "-c", SETUP], env=env, check=True,
                   capture_output=True)  # fmt: skip
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [internationale, "serve", "--workers", "2", "--no-worker"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    worker_log = tmp_path / "worker.log"
    worker = start_worker(env, worker_log)
    load = Load(port)
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 90
        while "Internationale is running" not in log.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            time.sleep(0.2)
        gunicorn = next(p for p in children(server.pid) if b"gunicorn" in
                        Path(f"/proc/{p}/cmdline").read_bytes())  # fmt: skip
        signers = [threading.Thread(target=load.signer, args=(n, stop)) for n in range(6)]
        for thread in signers:
            thread.start()
        time.sleep(3)
        victim = children(gunicorn)[0]
        os.kill(victim, signal.SIGKILL)  # a server worker dies mid-load
        time.sleep(1)
        assert worker.poll() is None, worker_log.read_text()[-3000:]
        with load.lock:
            signed_before = {email for _, email in load.acknowledged}
        os.killpg(worker.pid, signal.SIGKILL)  # the task worker dies mid-batch
        pending_at_kill = len(signed_before - mailbox.received())
        worker.wait(timeout=10)
        time.sleep(2)  # signatures keep coming while no worker runs
        worker = start_worker(env, worker_log)  # the operator's supervisor starts it again
        restarted_at = time.monotonic()
        if postgres is not None:
            postgres.restart()  # the database goes away and comes back mid-load
        time.sleep(6)
        stop.set()
        for thread in signers:
            thread.join(timeout=30)
        assert server.poll() is None, "the platform stopped:\n" + log.read_text()[-3000:]
        assert victim not in children(gunicorn)  # gunicorn replaced the killed worker
        # Every acknowledged signature's confirmation reaches the SMTP server.
        wanted = {email for _, email in load.acknowledged}
        deadline = time.monotonic() + 120
        while not wanted <= mailbox.received() and time.monotonic() < deadline:
            assert worker.poll() is None, worker_log.read_text()[-3000:]
            time.sleep(0.5)
        undelivered = wanted - mailbox.received()
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        terminate(worker)
    checked = subprocess.run([internationale, "manage", "shell", "-c", CHECK], env=env,
                             input="\n".join(email for _, email in load.acknowledged),
                             capture_output=True, text=True, check=True)  # fmt: skip
    acknowledged, missing, unmailed = map(int, checked.stdout.split()[-3:])
    after = sum(1 for moment, _ in load.acknowledged if moment > restarted_at + 1)
    print(f"{database}: {dict(load.statuses)}; acknowledged {acknowledged}, missing {missing}, "
          f"without mail {unmailed}, acknowledged after the faults {after}, "
          f"not yet delivered when the task worker was killed {pending_at_kill}, "
          f"undelivered {len(undelivered)}")  # fmt: skip
    # No access log unless asked for: signers' addresses are not written anywhere.
    assert "POST /declarations/" not in log.read_text()
    assert load.statuses["500"] == 0
    assert set(load.statuses) <= {"302", "503", "connection cut"}
    assert load.without_retry_after == 0
    assert (missing, unmailed) == (0, 0)
    assert undelivered == set(), f"{len(undelivered)} confirmations never reached the SMTP server"
    assert acknowledged > 50
    assert after > 0  # signing went on once the faults were over


def test_the_worker_waits_for_a_database_that_is_out_of_reach_from_its_start(tmp_path) -> None:
    # `serve` stops everything when one of its processes ends: a worker that died on
    # its first query while PostgreSQL restarted took the web server down with it.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL"}}
    env.update(
        {
            "DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"postgres://x@127.0.0.1:{free_port()}/x",
            "EMAIL_URL": "smtp://127.0.0.1:9",  # production needs one; nothing is sent here
        }
    )
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [str(BIN / "internationale"), "worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "again in" not in log.read_text() and time.monotonic() < deadline:
            assert worker.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
        time.sleep(2)  # it keeps waiting rather than stopping
        assert worker.poll() is None, log.read_text()[-3000:]
        assert "worker: database out of reach" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
