"""The README's first command, from a clean clone, serves the platform."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO, require
from tests.ports import free_port

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]


def test_command_one_from_a_clean_clone_answers_on_the_printed_url(tmp_path: Path) -> None:
    require((REPO / ".git").exists(), "not a git checkout: nothing to clone")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "DATABASE_URL", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"PORT": str(free_port()), "DATA_DIR": str(tmp_path / "data"), "WEB_WORKERS": "1"})
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "bootstrap.py", "serve"],
        cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in server.stdout or []:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    output: list[str] = []
    url = None
    try:
        deadline = time.monotonic() + 900
        while url is None and time.monotonic() < deadline and server.poll() is None:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            output.append(line)
            found = re.search(r"open (http://\S+)", line)
            url = found.group(1) if found else None
        assert url, "no URL printed:\n" + "".join(output[-40:])
        ready = time.monotonic() - started
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            assert b"Internationale" in response.read()
        while not output[-1].startswith("Press Ctrl+C") and time.monotonic() < deadline:
            output.append(lines.get(timeout=30))
        printed = "".join(output)
        assert "secretariat@demo.invalid" in printed  # the demo log-ins are printed
        print(f"\ncommand 1 from a clean clone: URL answered after {ready:.0f} s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
