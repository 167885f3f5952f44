"""Transactions shaped to the database they run on."""

from __future__ import annotations

import contextlib

from django.db import connection, transaction


def one_statement() -> contextlib.AbstractContextManager[None]:
    """What a write of a single statement needs around it to be atomic and to queue well.

    Outside a transaction, nothing: the statement is its own transaction, and
    BEGIN and COMMIT would be two round trips more on PostgreSQL, and on SQLite
    would hold the write lock across Python code (``core.sqlite`` queues a
    single statement on its lock for that statement alone). Inside a
    transaction, a savepoint, so that an IntegrityError leaves the caller's
    transaction usable.
    """
    if connection.in_atomic_block:
        return transaction.atomic()
    return contextlib.nullcontext()
