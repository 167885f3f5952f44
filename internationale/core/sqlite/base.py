"""SQLite with writers that queue on a file lock instead of sleeping.

SQLite lets one writer in at a time. A writer that finds the lock taken is
put to sleep by SQLite's busy handler for 1, 2, 5, 10, 15, 20, 25… ms before
it looks again, so under a burst of concurrent writes (people signing a
declaration) most of the time goes to sleeping while the lock is free. Here
every write first takes an exclusive ``flock`` on a file beside the database
and gives it back as soon as it is done: waiting writers are woken the moment
the lock is free, in the order the kernel hands it over.

- A transaction (Django's ``atomic``, which begins with ``BEGIN IMMEDIATE``)
  holds the lock from its BEGIN to its commit or rollback.
- A single write statement outside a transaction (an INSERT in autocommit)
  holds it for that statement only: no Python runs while it is held, so a
  thread waiting for the interpreter lock never keeps other writers waiting.

Reads take no lock (WAL lets them run beside the writer). An in-memory
database, or a platform without ``fcntl``, works as plain SQLite.
See docs/decisions/0008-sqlite-writers-queue-on-a-file-lock.md.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from django.db.backends.sqlite3 import base

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class QueuedCursor(base.SQLiteCursorWrapper):
    """Takes the writers' lock around a write statement run outside a transaction."""

    wrapper: DatabaseWrapper

    def execute(self, query: str, params: Any = None) -> Any:
        with self.wrapper.statement_lock(query):
            return super().execute(query, params)

    def executemany(self, query: str, param_list: Any) -> Any:
        with self.wrapper.statement_lock(query):
            return super().executemany(query, param_list)


# django-stubs leave out the private hooks overridden here, hence the ignores below.
class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lock_file: int | None = None  # open while the connection is
        self._holding = False

    def _descriptor(self) -> int | None:
        if fcntl is None or self.is_in_memory_db():
            return None
        if self._lock_file is None:
            path = f"{self.settings_dict['NAME']}-writers.lock"
            self._lock_file = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._lock_file

    def _take(self) -> None:
        descriptor = self._descriptor()
        if descriptor is not None and not self._holding:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            self._holding = True

    def _give_back(self) -> None:
        if self._holding and self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        self._holding = False

    @contextlib.contextmanager
    def statement_lock(self, query: str) -> Iterator[None]:
        """The lock around one write statement in autocommit; nothing for reads or in BEGIN."""
        outside = self.connection is not None and not self.connection.in_transaction
        if not (outside and query.lstrip()[:7].upper().startswith(_WRITES)) or self._holding:
            yield
            return
        self._take()
        try:
            yield
        finally:
            self._give_back()

    def create_cursor(self, name: str | None = None) -> Any:
        cursor = self.connection.cursor(factory=QueuedCursor)
        cursor.wrapper = self
        return cursor

    def _start_transaction_under_autocommit(self) -> None:
        self._take()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._give_back()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._give_back()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._give_back()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._give_back()
            if self._lock_file is not None:
                os.close(self._lock_file)
                self._lock_file = None
