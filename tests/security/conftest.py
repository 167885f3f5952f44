"""One real server for the whole battery: `internationale serve` on seeded data, and its people."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.ports import free_port
from tests.security.battery import Battery, Crawl
from tests.security.browser import Agent, log_in
from tests.security.endpoints import endpoints
from tests.security.seed import CAST, PASSWORD

BIN = Path(sys.executable).parent


@dataclass
class Site:
    port: int
    data_dir: Path
    log: Path
    samples: dict[str, Any]
    agents: dict[str, Agent]

    @property
    def database(self) -> Path:
        return self.data_dir / "internationale.sqlite3"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The platform as an operator runs it (web workers and task worker), seeded, logged in."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd narrates every command

    class Discard:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
            return "250 Message accepted for delivery"

    smtp_port = free_port()
    smtp = Controller(Discard(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    data_dir = tmp_path_factory.mktemp("battery")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL"}}
    env.update({
        "DATA_DIR": str(data_dir), "HTTPS": "false", "PORT": str(port), "PYTHONPATH": str(REPO),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "WEB_WORKERS": "2",
    })  # fmt: skip
    internationale = str(BIN / "internationale")
    subprocess.run([internationale, "migrate"], env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [internationale, "manage", "shell", "-c", "from tests.security.seed import main; main()"],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    samples = json.loads(seeded.stdout.strip().splitlines()[-1])
    log = data_dir / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [internationale, "serve"], env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while "Internationale is running" not in log.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
        agents = {}
        for role, (email, secret) in CAST.items():
            agents[role] = Agent(port, role)
            if email:
                log_in(agents[role], email, PASSWORD, secret)
        yield Site(port, data_dir, log, samples, agents)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a thread stuck in a loop does not stop by itself
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        smtp.stop()


@pytest.fixture(scope="session")
def battery(site: Site) -> Battery:
    return Battery(site.agents, endpoints(), site.samples)


@pytest.fixture(scope="session")
def crawl(battery: Battery) -> Crawl:
    """Every endpoint as every role, before anything hostile was sent."""
    crawled = battery.timed("crawl", battery.crawl)
    battery.tally.retry_timeouts("crawl")
    return crawled


@dataclass
class Attack:
    battery: Battery
    invalid_stored: list[str]


@pytest.fixture(scope="session")
def attack(battery: Battery, crawl: Crawl, site: Site) -> Attack:
    """Everything hostile, in an order that keeps the sessions and the seeded rows for long."""
    from tests.security.battery import invalid_text_stored

    battery.timed("queries", battery.queries, crawl)
    battery.tally.retry_timeouts("query")
    battery.timed("forms", battery.forms, crawl, last=False)
    for phase in ("field", "charset", "body"):
        battery.tally.retry_timeouts(phase)
    # Every page shown in the first pass again, now with what the forms stored.
    battery.timed("stored", battery.crawl, "stored", shown=crawl)
    battery.tally.retry_timeouts("stored")
    battery.timed("uploads", battery.uploads, crawl)
    battery.timed("last forms", battery.forms, crawl, last=True)
    attack = Attack(battery, invalid_text_stored(site.database))
    Battery.last_summary = battery.tally.summary()
    report = os.environ.get("BATTERY_REPORT")  # a file to write every failure to, one a line
    if report:
        Path(report).write_text(
            "\n".join([battery.tally.summary(), str(battery.timings),
                       *(f"{f.phase}\t{f}" for f in battery.tally.failures),
                       *(f"stored\t{line}" for line in attack.invalid_stored),
                       *(f"slow once\t{line}" for line in battery.tally.slow_once)]) + "\n"
        )  # fmt: skip
    return attack


def pytest_terminal_summary(terminalreporter: Any) -> None:
    summary = getattr(Battery, "last_summary", "")
    if summary:
        terminalreporter.write_line(summary)
