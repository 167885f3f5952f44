"""SQLite with writers that queue on a file lock instead of sleeping.

SQLite lets one writer in at a time. A writer that finds the lock taken is
put to sleep by SQLite's busy handler for 1, 2, 5, 10, 15, 20, 25… ms before
it looks again, so under a burst of concurrent writes (people signing a
declaration) most of the time goes to sleeping while the lock is free. Here
every transaction this backend opens (Django's ``atomic`` blocks, which begin
with ``BEGIN IMMEDIATE``) first takes an exclusive ``flock`` on a file beside
the database, and gives it back at commit or rollback: waiting writers are
woken the moment the lock is free, in the order the kernel hands it over.
Reads take no lock (WAL lets them run beside the writer), and statements
outside ``atomic`` still rely on SQLite's own busy timeout. An in-memory
database, or a platform without ``fcntl``, works as plain SQLite.
See docs/decisions/0008-sqlite-writers-queue-on-a-file-lock.md.
"""

from __future__ import annotations

import os
from typing import Any

from django.db.backends.sqlite3 import base

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


# django-stubs leave out the private hooks overridden here, hence the ignores below.
class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer_lock: int | None = None  # an open file descriptor while held

    def _lock_path(self) -> str | None:
        if fcntl is None or self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}-writers.lock"

    def _start_transaction_under_autocommit(self) -> None:
        path = self._lock_path()
        if path is not None and self._writer_lock is None:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            except BaseException:
                os.close(descriptor)
                raise
            self._writer_lock = descriptor
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_writer_lock()
            raise

    def _release_writer_lock(self) -> None:
        descriptor, self._writer_lock = self._writer_lock, None
        if descriptor is not None:
            os.close(descriptor)  # closing the descriptor releases the flock

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._release_writer_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._release_writer_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._release_writer_lock()
