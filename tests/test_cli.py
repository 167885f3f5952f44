from __future__ import annotations

import pytest

from internationale.cli import COMMANDS_HELP, build_parser, main


def test_help_explains_every_command_in_one_line(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    # argparse puts a long command name on a line of its own, its help on the next
    out = " ".join(capsys.readouterr().out.split())
    for name in ("serve", "worker", "demo", "migrate", "createadmin", "check"):
        assert f"{name} {COMMANDS_HELP[name]}" in out
        assert len(COMMANDS_HELP[name]) < 60


def test_demo_twice_changes_nothing(places, capsys) -> None:
    from internationale.accounts.models import RoleAssignment, User
    from internationale.web.models import SitePage

    assert main(["demo"]) == 0
    counts = (User.objects.count(), RoleAssignment.objects.count(), SitePage.objects.count())
    assert main(["demo"]) == 0
    assert (
        User.objects.count(),
        RoleAssignment.objects.count(),
        SitePage.objects.count(),
    ) == counts
    from internationale.accounts.demo import DEMO_LOGINS

    # The summary line, then one line per demo log-in.
    assert "0 new objects" in capsys.readouterr().out.splitlines()[-len(DEMO_LOGINS) - 1]


def test_createadmin_makes_a_secretariat_account(places, monkeypatch, capsys) -> None:
    from internationale.accounts.models import User
    from internationale.accounts.permissions import is_secretariat

    monkeypatch.setenv("INTERNATIONALE_ADMIN_PASSWORD", "correct-horse-battery-staple")
    assert main(["createadmin", "--email", "Admin@Example.org"]) == 0
    assert is_secretariat(User.objects.get(email="admin@example.org"))


def test_createadmin_refuses_a_weak_password(db, monkeypatch, capsys) -> None:
    monkeypatch.setenv("INTERNATIONALE_ADMIN_PASSWORD", "123")
    assert main(["createadmin", "--email", "admin@example.org"]) == 1
    assert "too short" in capsys.readouterr().err


def test_a_command_run_in_a_set_up_process_leaves_the_log_where_it_was(db, monkeypatch) -> None:
    """Running django.setup() again would point the log at the stderr of that moment."""
    import logging

    before = list(logging.getLogger().handlers)
    monkeypatch.setenv("INTERNATIONALE_ADMIN_PASSWORD", "123")
    assert main(["createadmin", "--email", "admin@example.org"]) == 1
    assert logging.getLogger().handlers == before
    assert before  # the settings' console handler, set up once


def test_serve_gives_the_web_server_threads_for_the_floors_streams_only_when_asked() -> None:
    from internationale.cli import THREADS_BESIDE_STREAMS, build_parser, gunicorn_command

    plain = gunicorn_command(build_parser().parse_args(["serve"]))
    assert "--threads" not in plain  # config/gunicorn.py's threads
    streams = gunicorn_command(build_parser().parse_args(["serve", "--floor-streams", "1000"]))
    threads = streams[streams.index("--threads") + 1]
    assert int(threads) == 1000 + THREADS_BESIDE_STREAMS
    assert int(streams[streams.index("--worker-connections") + 1]) == 2 * int(threads)
