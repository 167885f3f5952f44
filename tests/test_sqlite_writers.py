"""On the embedded SQLite database, concurrent writers wait their turn: none fails as locked."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler, OperationalError

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open their own database files, beside the test database."""
    with django_db_blocker.unblock():
        yield


def _connections(path: Path) -> ConnectionHandler:
    """Connections to ``path`` as the settings make them (Django's backend, their options)."""
    default = settings.DATABASES["default"]
    return ConnectionHandler(
        {"default": {"ENGINE": default["ENGINE"], "NAME": str(path), "OPTIONS": default["OPTIONS"]}}
    )


def _table(path: Path) -> None:
    setup = _connections(path)["default"]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS t (who TEXT)")
    setup.close()


def _rows(path: Path) -> list[str]:
    reader = _connections(path)["default"]
    with reader.cursor() as cursor:
        cursor.execute("SELECT who FROM t ORDER BY rowid")
        rows = [row[0] for row in cursor.fetchall()]
    reader.close()
    return rows


def test_the_settings_use_djangos_backend_with_writers_that_wait() -> None:
    default = settings.DATABASES["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert default["OPTIONS"]["timeout"] >= 5


def test_a_second_writer_waits_for_the_first_to_commit(tmp_path) -> None:
    path = tmp_path / "two.sqlite3"
    _table(path)
    events: list[str] = []
    errors: list[BaseException] = []
    inside = threading.Event()

    def writer(name: str, hold: float) -> None:
        connection = _connections(path)["default"]
        try:
            connection.ensure_connection()
            connection._start_transaction_under_autocommit()  # type: ignore[attr-defined]  # what atomic() does on SQLite
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO t VALUES (%s)", [name])
            if name == "first":
                inside.set()
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
    assert errors == []
    assert events == ["first wrote", "first committed", "second wrote", "second committed"]
    assert _rows(path) == ["first", "second"]


def test_a_single_write_outside_a_transaction_waits_for_the_writer_in_one(tmp_path) -> None:
    path = tmp_path / "single.sqlite3"
    _table(path)
    holder = _connections(path)["default"]
    holder.ensure_connection()
    holder._start_transaction_under_autocommit()  # type: ignore[attr-defined]
    with holder.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES ('holder')")
    done: list[str] = []

    def single() -> None:
        other = _connections(path)["default"]
        with other.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES ('single')")  # autocommit, no BEGIN
        done.append("single")
        other.close()

    thread = threading.Thread(target=single)
    thread.start()
    time.sleep(0.3)
    assert done == []  # waiting for the lock, not failed
    holder.commit()
    holder.close()
    thread.join(5)
    assert done == ["single"]
    assert _rows(path) == ["holder", "single"]


def test_a_burst_of_writers_all_succeed(tmp_path) -> None:
    """Eight threads, each writing in transactions and in single statements at once."""
    path = tmp_path / "burst.sqlite3"
    _table(path)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        connection = _connections(path)["default"]
        try:
            for step in range(20):
                if step % 2:
                    connection._start_transaction_under_autocommit()  # type: ignore[attr-defined]
                with connection.cursor() as cursor:
                    cursor.execute("INSERT INTO t VALUES (%s)", [f"{number}-{step}"])
                if step % 2:
                    time.sleep(0.002)  # the Python a transaction runs between statements
                    connection.commit()
        except OperationalError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(_rows(path)) == 8 * 20
