"""The embedded SQLite backend queues writers on a file lock instead of failing or sleeping."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler, OperationalError

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open their own database files, beside the test database."""
    with django_db_blocker.unblock():
        yield


def _connections(path: Path, engine: str) -> ConnectionHandler:
    return ConnectionHandler(
        {
            "default": {
                "ENGINE": engine,
                "NAME": str(path),
                # SQLite's own busy wait is made too short to matter: only the file lock waits.
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 0.01},
            }
        }
    )


def _two_writers(path: Path, engine: str) -> tuple[list[str], list[BaseException]]:
    setup = _connections(path, engine)["default"]
    with setup.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE IF NOT EXISTS t (who TEXT)")
    setup.close()
    events: list[str] = []
    errors: list[BaseException] = []
    inside = threading.Event()

    def writer(name: str, hold: float) -> None:
        connection = _connections(path, engine)["default"]
        try:
            connection.ensure_connection()
            connection._start_transaction_under_autocommit()  # type: ignore[attr-defined]  # what atomic() does on SQLite
            if name == "first":
                inside.set()
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO t VALUES (%s)", [name])
            events.append(f"{name} wrote")
            time.sleep(hold)
            connection.commit()
            events.append(f"{name} committed")
        except OperationalError as error:
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=writer, args=("first", 0.3))
    first.start()
    inside.wait(5)
    second = threading.Thread(target=writer, args=("second", 0.0))
    second.start()
    first.join()
    second.join()
    return events, errors


def test_a_second_writer_waits_for_the_first_to_commit(tmp_path) -> None:
    events, errors = _two_writers(tmp_path / "queue.sqlite3", "internationale.core.sqlite")
    assert errors == []
    assert events == ["first wrote", "first committed", "second wrote", "second committed"]


def test_without_the_file_lock_the_second_writer_would_fail(tmp_path) -> None:
    # The same two writers on Django's plain backend: the lock is what makes the difference.
    _events, errors = _two_writers(tmp_path / "plain.sqlite3", "django.db.backends.sqlite3")
    assert errors
    assert "locked" in str(errors[0])


def _lock_is_free(path: Path) -> bool:
    import fcntl
    import os

    descriptor = os.open(f"{path}-writers.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_writer_gives_the_lock_back_however_its_transaction_ends(tmp_path, end) -> None:
    path = tmp_path / "end.sqlite3"
    connection = _connections(path, "internationale.core.sqlite")["default"]
    connection.ensure_connection()
    connection._start_transaction_under_autocommit()  # type: ignore[attr-defined]
    assert not _lock_is_free(path)
    getattr(connection, end)()
    assert _lock_is_free(path)


def test_a_single_write_outside_a_transaction_waits_for_the_writer_holding_the_lock(
    tmp_path,
) -> None:
    path = tmp_path / "single.sqlite3"
    holder = _connections(path, "internationale.core.sqlite")["default"]
    with holder.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE t (who TEXT)")
    holder._start_transaction_under_autocommit()  # type: ignore[attr-defined]
    with holder.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES ('holder')")
    done: list[str] = []

    def single() -> None:
        other = _connections(path, "internationale.core.sqlite")["default"]
        with other.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES ('single')")  # autocommit, no BEGIN
        done.append("single")
        other.close()

    thread = threading.Thread(target=single)
    thread.start()
    time.sleep(0.3)
    assert done == []  # waiting on the lock, not failed after SQLite's 10 ms
    holder.commit()
    thread.join(5)
    assert done == ["single"]
    with holder.cursor() as cursor:
        cursor.execute("SELECT who FROM t ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == ["holder", "single"]
    assert _lock_is_free(path)
