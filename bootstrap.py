#!/usr/bin/env python3
"""Set up and run Internationale with nothing but Python 3.11+ and git.

    python3 bootstrap.py serve    # the platform on SQLite with demo data
    python3 bootstrap.py test     # the whole check: ruff, mypy, migrations, pytest

Both create ``.venv`` beside this file and install the project into it the
first time (and again whenever pyproject.toml changes).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("INTERNATIONALE_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/internationale"
)


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def ensure_venv(extras: str) -> None:
    """Create the virtual environment and install the project, once per pyproject."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs on any python3
        sys.exit("Internationale needs Python 3.11 or newer.")
    stamp_key = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / ".installed"
    if stamp.exists() and stamp.read_text() == stamp_key:
        return
    if not PYTHON.exists():
        say(f"creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("installing Internationale and its dependencies (first run only)")
    pip = [PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    if run(*pip, "--upgrade", "pip") or run(*pip, "-e", f".{extras}"):
        sys.exit("installation failed; see the messages above")
    stamp.write_text(stamp_key)


def serve(args: list[str]) -> int:
    ensure_venv("")
    env = dict(os.environ)
    # The demo is served to this machine over plain HTTP; production sets HTTPS.
    env.setdefault("HTTPS", "false")
    os.execve(BIN / "internationale", ["internationale", "serve", "--demo", *args], env)  # noqa: S606


def _missing_system_packages() -> list[str]:
    """Debian packages the tests need that this machine lacks."""
    import ctypes.util

    missing = []
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        missing.append("chromium")  # the browser tests
    if not shutil.which("java"):
        missing.append("default-jre-headless")  # the Nu HTML checker (vnu.jar)
    if not ctypes.util.find_library("pango-1.0") or not ctypes.util.find_library("pangoft2-1.0"):
        missing += ["libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"]  # PDFs
    return missing


def ensure_system_packages() -> None:
    """Install Debian's chromium (browser tests), Pango (PDFs) and a Java runtime (the Nu
    HTML checker) when missing and we can."""
    missing = _missing_system_packages()
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        say(f"installing Debian's {', '.join(missing)} for the tests")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.call([apt, "update", "-qq"], env=quiet)
        subprocess.call([apt, "install", "-y", "-qq", *missing], env=quiet)
    still = _missing_system_packages()
    if still:
        say(f"not installed: {', '.join(still)}; the tests needing them are skipped (failed in CI)")


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=3):
            return True
    except OSError:
        return False


def test(args: list[str]) -> int:
    ensure_venv("[test]")
    ensure_system_packages()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DATABASE_URL", None)
    # mypy's Django plugin loads the settings, which (as in production) refuse to
    # start without a secret key; the checks get a throw-away one.
    env.setdefault("SECRET_KEY", "static-checks-only-" + "0" * 40)
    steps: list[tuple[str, list[str | Path]]] = [
        ("ruff lint", [BIN / "ruff", "check", "."]),
        ("ruff format", [BIN / "ruff", "format", "--check", "."]),
        ("mypy", [BIN / "mypy", "internationale", "config", "tests"]),
        ("import contracts", [BIN / "lint-imports"]),
        (
            "migrations are complete",
            [PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"],
        ),
    ]
    for name, command in steps:
        say(name)
        if run(*command, env=env):
            say(f"FAILED: {name}")
            return 1
    started = time.monotonic()
    say("pytest on SQLite")
    code = run(PYTHON, "-m", "pytest", *args, env=env)
    if code:
        return code
    if postgres_reachable():
        say("pytest on PostgreSQL")
        pg_env = {**env, "DATABASE_URL": POSTGRES_URL}
        # The browser journeys run once, in the SQLite pass (decision 0032).
        only = "not sqlite_only and not browser"
        code = run(PYTHON, "-m", "pytest", "-m", only, *args, env=pg_env)
    elif IN_CI:
        say("FAILED: PostgreSQL is not reachable on 127.0.0.1:5432, and CI requires it")
        code = 1
    else:
        say("skipped pytest on PostgreSQL: nothing listens on 127.0.0.1:5432")
    say(f"tests took {time.monotonic() - started:.0f} s")
    return code


def main() -> int:
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
