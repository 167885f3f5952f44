"""`internationale serve --demo`, as the README's first command runs it: the banner is
the last thing printed, says where mail goes, and the demo's mails link to the real port."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ports import free_port

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_the_banner_comes_last_says_where_mail_goes_and_mail_links_the_real_port(
    tmp_path,
) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL"}}
    env.update({"DATA_DIR": str(tmp_path), "HTTPS": "false", "PORT": str(port)})
    env.pop("EMAIL_URL", None)
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(BIN / "internationale"), "serve", "--demo", "--workers", "1"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            cwd=REPO,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while "Press Ctrl+C to stop." not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()[-3000:]
            time.sleep(0.5)
        time.sleep(2)  # anything printed after the banner would show by now
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    text = log.read_text()
    banner = text.rindex(f"Internationale is running: open http://127.0.0.1:{port}/")
    assert "Mail is printed in this terminal, above; none leaves this machine." in text[banner:]
    mails = [found.start() for found in re.finditer(r"^Subject: ", text, re.MULTILINE)]
    assert mails, "the demo sends mail (the wire's desk)"
    assert max(mails) < banner  # every demo mail before the banner, none after
    links = re.findall(r"http://127\.0\.0\.1:(\d+)/", text[: max(mails) + 2000])
    assert links
    assert set(links) == {str(port)}
