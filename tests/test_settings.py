"""Production settings pass Django's deployment check with nothing to report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    unwanted = {"PYTEST_VERSION", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "-m", "internationale.cli", *args],
        cwd=REPO, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_on_production_settings_reports_nothing(tmp_path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("x" * 20 + "a-long-and-random-production-secret-0123456789")
    result = run_cli(
        "check", "--deploy",
        env={"SECRET_KEY_FILE": str(secret), "ALLOWED_HOSTS": "internationale.example.org",
             "DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_complains_about_plain_http(tmp_path) -> None:
    result = run_cli(
        "check", "--deploy",
        env={"SECRET_KEY": "y" * 60, "HTTPS": "false", "DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 1
    assert "SECURE_SSL_REDIRECT" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    code = "import django; django.setup()"
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "SECRET_KEY", "SECRET_KEY_FILE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("postgres://u@db.example.org:5432/intl", "django.db.backends.postgresql"),
        ("sqlite:////tmp/x.sqlite3", "internationale.core.sqlite"),
    ],
)
def test_database_url_chooses_the_database(tmp_path, url, engine) -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url},
    )  # fmt: skip
    assert result.stdout.strip() == engine, result.stderr
