"""Log-in lockout: counted once for the whole site, per account and per client address.

allauth counts failed log-ins in the default cache (settings ACCOUNT_RATE_LIMITS:
5 per account in 5 minutes, 10 per address a minute). The counters must be the
same whichever server process answers, and the address is the client's, read from
the reverse proxy's X-Forwarded-For only when the operator declares that proxy.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.ports import free_port

WRONG = "The email address and/or password you specified are not correct."
LOCKED = "Too many failed login attempts. Try again later."
BIN = Path(sys.executable).parent


def outcome(status: int, page: str) -> str:
    if status == 302:
        return "logged in"
    if LOCKED in page:
        return "locked"
    if WRONG in page:
        return "wrong"
    return f"unexpected {status}"


def attempt(client: Client, email: str, **headers: str) -> str:
    """A log-in with a wrong password."""
    response = client.post(
        "/accounts/login/", {"login": email, "password": "not-" + PASSWORD}, headers=headers
    )
    return outcome(response.status_code, response.content.decode())


# --- the client's address -------------------------------------------------------------


def test_with_a_trusted_proxy_its_forwarded_address_tells_clients_apart(settings, db) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # TRUSTED_PROXY_COUNT=1
    client = Client()  # every request comes from the proxy's own address, 127.0.0.1
    tries = [attempt(client, f"n{n}@example.org", **{"X-Forwarded-For": "203.0.113.1"})
             for n in range(10)]  # fmt: skip
    assert tries == ["wrong"] * 10
    assert attempt(client, "other@example.org", **{"X-Forwarded-For": "203.0.113.1"}) == "locked"
    # another person behind the same proxy is not locked out with the first
    assert attempt(client, "other@example.org", **{"X-Forwarded-For": "203.0.113.2"}) == "wrong"


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(db) -> None:
    client = Client()
    tries = [attempt(client, f"n{n}@example.org", **{"X-Forwarded-For": f"203.0.113.{n}"})
             for n in range(10)]  # fmt: skip
    assert tries == ["wrong"] * 10
    # a made-up X-Forwarded-For does not buy more tries
    assert attempt(client, "other@example.org", **{"X-Forwarded-For": "198.51.100.9"}) == "locked"


def test_a_request_that_skipped_a_trusted_proxy_counts_as_from_its_peer(settings, db) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2  # two proxies append two addresses
    client = Client()
    assert attempt(client, "n@example.org", **{"X-Forwarded-For": "203.0.113.1"}) == "wrong"


@pytest.mark.parametrize(("variable", "setting"), [("", "0"), ("1", "1")])
def test_the_trusted_proxy_count_is_read_from_the_environment(variable, setting) -> None:
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("TRUSTED_PROXY_COUNT", None)
    if variable:
        env["TRUSTED_PROXY_COUNT"] = variable
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    assert result.stdout.strip() == setting, result.stderr


# --- the same counters whatever process answers --------------------------------------


class Server:
    """One `internationale serve` with its own data folder, on the shared database."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        folder.mkdir()
        self.port = free_port()
        self.log = folder / "server.log"
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [str(BIN / "internationale"), "serve", "--workers", "1", "--no-worker"],
                env={**env, "DATA_DIR": str(folder), "PORT": str(self.port)},
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def wait(self) -> None:
        deadline = time.monotonic() + 120
        while "Internationale is running" not in self.log.read_text():
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            assert time.monotonic() < deadline, self.log.read_text()[-3000:]
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def log_in(self, email: str, password: str) -> str:
        """One log-in attempt, as a browser makes it: the form, then the post."""
        # Both servers are one site: allauth counts an account per site and address.
        headers = {"Host": "localhost"}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", "/accounts/login/", headers=headers)
        response = connection.getresponse()
        page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert response.status == 200, page[:500]
        assert token
        cookie = next(h.split(";", 1)[0] for h in response.headers.get_all("Set-Cookie") or []
                      if h.startswith("csrftoken="))  # fmt: skip
        body = urlencode({"csrfmiddlewaretoken": token.group(1), "login": email,
                          "password": password})  # fmt: skip
        form = "application/x-www-form-urlencoded"
        connection.request("POST", "/accounts/login/", body=body,
                           headers={**headers, "Cookie": cookie, "Content-Type": form})  # fmt: skip
        response = connection.getresponse()
        page = response.read().decode()
        connection.close()
        return outcome(response.status, page)


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two server processes on one SQLite database, as two workers or two hosts are."""
    unwanted = {"PYTEST_VERSION", "DATABASE_URL", "CACHE_URL", "TRUSTED_PROXY_COUNT"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update({
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}", "SECRET_KEY": "k" * 60,
        "HTTPS": "false", "EMAIL_URL": "smtp://127.0.0.1:9",  # no worker: nothing is sent
    })  # fmt: skip
    internationale = str(BIN / "internationale")
    subprocess.run([internationale, "migrate"], env={**env, "DATA_DIR": str(tmp_path)},
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    make_user = (
        "from allauth.account.models import EmailAddress\n"
        "from internationale.accounts.models import User\n"
        f"u = User.objects.create_user('lena@example.org', {PASSWORD!r})\n"
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)\n"
    )
    subprocess.run([internationale, "manage", "shell", "-c", make_user],
                   env={**env, "DATA_DIR": str(tmp_path)}, check=True, capture_output=True,
                   timeout=120)  # fmt: skip
    servers = (Server(env, tmp_path / "a"), Server(env, tmp_path / "b"))
    try:
        for server in servers:
            server.wait()
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_the_sixth_wrong_password_is_refused_whatever_process_answers(two_servers) -> None:
    first, second = two_servers
    tries = [(first, second)[n % 2].log_in("lena@example.org", "not-her-password")
             for n in range(6)]  # fmt: skip
    # Counted per process (each its own memory), the sixth would be the third on each.
    assert tries == ["wrong"] * 5 + ["locked"]
    # Locked out: even the right password is refused, on either process, for a while.
    assert first.log_in("lena@example.org", PASSWORD) == "locked"
    assert second.log_in("lena@example.org", PASSWORD) == "locked"


def test_no_client_address_is_kept_past_its_counters_window(db) -> None:
    """The counters' keys name the address; the worker deletes them once expired."""
    from django.db import connection

    from internationale.core.cache import delete_expired

    attempt(Client(REMOTE_ADDR="192.0.2.44"), "n@example.org")

    def keys() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM django_cache")
            return [row[0] for row in cursor.fetchall()]

    assert any("192.0.2.44" in key for key in keys())
    assert delete_expired() == 0  # within the window: kept, it still counts
    with connection.cursor() as cursor:  # the window passes
        cursor.execute("UPDATE django_cache SET expires = %s", ["2000-01-01 00:00:00"])
    assert delete_expired() > 0
    assert keys() == []
