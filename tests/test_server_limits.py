"""The request limits, against the real server (`internationale serve`).

A stuck request is cut and its worker replaced while /healthz keeps answering;
an unreadable charset and a 50 MB body are refused in a line of log, without a
traceback; a malformed request line leaves no client address in the log; no
token-bearing path is logged.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ports import free_port
from tests.test_faults import children

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent
SECRET = "Zk3uSECRETtoken_9-x"
CSRF = b"a" * 32


@dataclass
class Server:
    port: int
    log: Path
    process: subprocess.Popen[bytes]

    def lines(self) -> list[str]:
        return self.log.read_text(errors="replace").splitlines()

    def gunicorn_workers(self) -> list[int]:
        gunicorn = next(p for p in children(self.process.pid) if b"gunicorn" in
                        Path(f"/proc/{p}/cmdline").read_bytes())  # fmt: skip
        return children(gunicorn)

    def exchange(self, request: bytes, *, timeout: float = 10) -> bytes:
        """Send raw bytes; return what the server answers until it closes or stops."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(request)
            received = b""
            try:
                while chunk := sock.recv(65536):
                    received += chunk
                    if b"\r\n\r\n" in received and request.startswith(b"GET /healthz"):
                        break
            except TimeoutError:
                pass
            return received


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("server-limits")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL"}}
    env.update({"DATA_DIR": str(data), "HTTPS": "false", "PORT": str(port),
                "REQUEST_TIME_LIMIT": "1", "ROOT_URLCONF": "tests.slow_urls",
                # Production refuses to start without a mail server; no worker, nothing sent.
                "EMAIL_URL": "smtp://127.0.0.1:9"})  # fmt: skip
    log = data / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(BIN / "internationale"), "serve", "--workers", "1", "--no-worker"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            cwd=REPO,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while "Internationale is running" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
        server = Server(port, log, process)
        # "running" means the port is open; the worker may still be importing Django.
        while time.monotonic() < deadline and not healthy(server):
            time.sleep(0.5)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def healthy(server: Server, timeout: float = 5) -> bool:
    answer = server.exchange(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", timeout=timeout)
    return answer.startswith(b"HTTP/1.1 200")


def test_a_stuck_request_is_cut_and_its_worker_replaced(server) -> None:
    before = server.gunicorn_workers()
    lines_before = len(server.lines())
    answer: list[bytes] = []
    started = time.monotonic()
    spin = b"GET /test-only/spin/?secret=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    stuck = threading.Thread(target=lambda: answer.append(server.exchange(spin, timeout=60)))
    stuck.start()
    time.sleep(0.3)
    # The other threads answer while one spins (or, once the worker is being
    # replaced, the new worker does: the machine may be slow to start it).
    assert healthy(server, timeout=30)
    stuck.join(timeout=60)
    cut_after = time.monotonic() - started
    assert answer == [b""]  # the connection was closed, with no answer
    assert cut_after < 20  # limit 1 s, a check a quarter-second, 5 s of grace at most
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not healthy(server):
        time.sleep(0.2)
    assert healthy(server)
    after = server.gunicorn_workers()
    assert len(after) == 1
    assert set(after).isdisjoint(before)  # a fresh worker
    new_lines = server.lines()[lines_before:]
    told = [line for line in new_lines if "ran past the 1 s limit" in line]
    assert len(told) == 1, new_lines
    assert "GET /test-only/spin/" in told[0]
    assert "secret" not in told[0]
    assert not any("Traceback" in line for line in new_lines)
    print(f"stuck request cut after {cut_after:.1f} s; log: {new_lines}")


def test_an_unreadable_charset_and_a_huge_body_cost_a_line_each(server) -> None:
    lines_before = len(server.lines())
    # A CSRF cookie and the same token in the form: the check reads the body.
    body = b"kind=person&name=A&email=a%40example.org&csrfmiddlewaretoken=" + CSRF
    answer = server.exchange(
        b"POST /declarations/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Cookie: csrftoken=%s\r\n"
        b"Content-Type: application/x-www-form-urlencoded; charset=utf-16\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (CSRF, len(body), body)
    )
    assert answer.startswith(b"HTTP/1.1 400")
    # 50 MB announced: the first 64 KB are sent, and the answer comes before the rest.
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /declarations/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=xx\r\n"
            b"Content-Length: %d\r\n\r\n" % (50 * 1024 * 1024)
        )
        sock.sendall(b"--xx\r\n" + b"x" * 65536)
        status = sock.recv(4096).split(b"\r\n", 1)[0]
    refused_after = time.monotonic() - started
    assert status == b"HTTP/1.1 413 Request Entity Too Large"
    assert refused_after < 1
    # Sent chunked, without Content-Length: Django reads none of it (the form is empty).
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /declarations/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=xx\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        sock.sendall(b"10000\r\n" + b"x" * 65536 + b"\r\n")
        status = sock.recv(4096).split(b"\r\n", 1)[0]
    assert status == b"HTTP/1.1 403 Forbidden"  # no CSRF token: nothing of the body was read
    time.sleep(0.5)
    new_lines = server.lines()[lines_before:]
    assert len(new_lines) <= 3, new_lines
    assert not any("Traceback" in line for line in new_lines)
    print(f"50 MB body refused after {refused_after * 1000:.0f} ms; log: {new_lines}")


def test_a_malformed_request_leaves_no_address_and_token_paths_are_redacted(server) -> None:
    lines_before = len(server.lines())
    answer = server.exchange(
        b"GET /declarations/confirm/" + SECRET.encode() + b"/ HTTP/1.1 x\r\n\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 400")
    answer = server.exchange(b"\x16\x03\x01garbage\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    answer = server.exchange(
        b"GET /accounts/invitation/%s/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        % SECRET.encode()
    )
    assert answer.startswith(b"HTTP/1.1 404")
    time.sleep(0.5)
    written = "\n".join(server.lines()[lines_before:])
    assert "127.0.0.1" not in written
    assert "Invalid request" not in written
    assert SECRET not in written
    assert "Not Found: /accounts/invitation/[redacted]/" in written
