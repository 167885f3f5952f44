"""Production settings pass Django's deployment check with nothing to report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    unwanted = {"PYTEST_VERSION", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_URL"}
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
             "DATA_DIR": str(tmp_path), "EMAIL_URL": "smtp+tls://intl@mail.example.org:587"},
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
        ("sqlite:////tmp/x.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_url_chooses_the_database(tmp_path, url, engine) -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url},
    )  # fmt: skip
    assert result.stdout.strip() == engine, result.stderr


NO_MAIL_SERVER = "no mail server is configured: set EMAIL_URL"


def test_check_deploy_says_production_has_no_mail_server(tmp_path) -> None:
    env = {"SECRET_KEY": "y" * 60, "ALLOWED_HOSTS": "intl.example.org", "DATA_DIR": str(tmp_path)}
    result = run_cli("check", "--deploy", env=env)
    assert result.returncode == 1
    assert "mail.E001" in result.stderr
    assert NO_MAIL_SERVER in result.stderr
    # `internationale serve --demo` marks its processes as the demo: console mail is allowed
    demo = run_cli("check", "--deploy", env={**env, "INTERNATIONALE_DEMO": "true"})
    assert "mail.E001" not in demo.stderr


@pytest.mark.parametrize("command", [["serve", "--no-worker"], ["worker"], ["worker", "--batch"]])
def test_production_without_a_mail_server_refuses_to_start(tmp_path, command) -> None:
    """Else the worker would print every message, addresses and confirm links, to its log."""
    env = {"SECRET_KEY": "y" * 60, "DATA_DIR": str(tmp_path), "PORT": "1"}
    for mail in ({}, {"EMAIL_URL": ""}, {"EMAIL_URL": "consolemail://"}):
        result = run_cli(*command, env={**env, **mail})
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"error: {NO_MAIL_SERVER}" in result.stderr
        assert not (tmp_path / "internationale.sqlite3").exists()  # refused before migrating


def test_the_demo_and_debug_may_print_mail_production_may_not(settings) -> None:
    from internationale.mail.checks import check_mail_delivery, delivery_problem

    settings.OUTBOX_DELIVERY = {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    settings.CONSOLE_MAIL_ALLOWED = True  # --demo, DEBUG or the tests
    assert delivery_problem() is None
    settings.CONSOLE_MAIL_ALLOWED = False
    assert [message.id for message in check_mail_delivery()] == ["mail.E001"]
    settings.OUTBOX_DELIVERY = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    assert delivery_problem() is None
