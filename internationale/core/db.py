"""Transactions shaped to the database they run on."""

from __future__ import annotations

import contextlib

from django.db import connection, transaction


def one_statement() -> contextlib.AbstractContextManager[None]:
    """What a write of a single statement needs around it to be atomic and to queue well.

    Outside a transaction, on PostgreSQL, nothing: the statement is its own
    transaction, and BEGIN and COMMIT would be two round trips more on a hot
    path such as signing. On SQLite, an ``atomic`` block: writers queue for the
    write lock in ``atomic`` (``core.sqlite``). Inside a transaction, a
    savepoint, so that an IntegrityError leaves the caller's transaction usable.
    """
    if connection.vendor == "sqlite" or connection.in_atomic_block:
        return transaction.atomic()
    return contextlib.nullcontext()
