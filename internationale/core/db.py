"""Transactions shaped to the database they run on."""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Field


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


@functools.cache
def _insert_statement(model: type[models.Model], vendor: str) -> tuple[str, list[Field[Any, Any]]]:
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    assert not meta.parents, "one table only: a model that inherits one is saved in two"
    fields = [
        field
        for field in meta.local_concrete_fields
        if field is not pk and not getattr(field, "generated", False)
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
        f"VALUES ({values}) RETURNING {quote(pk.column)}"
    )
    return sql, fields


def insert_one(instance: models.Model) -> None:
    """INSERT a new row whose key the database gives, as ``save(force_insert=True)`` would.

    The statement is built once per model (``save`` compiles it anew each time,
    a fifth of what taking a signature costs); no signals are sent, so it is
    for models that have none. Wrap it as ``one_statement`` says.
    """
    database = connections[DEFAULT_DB_ALIAS]  # looked up once: each use of ``connection`` looks
    sql, fields = _insert_statement(type(instance), database.vendor)
    params = [field.get_db_prep_save(field.pre_save(instance, True), database) for field in fields]
    if database.vendor == "postgresql" and not database.queries_logged:  # else counted as any
        row = _execute_prepared(database, sql, params)
    else:
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = database.alias


def _execute_prepared(database: Any, sql: str, params: list[Any]) -> Any:
    """Run ``sql`` as a prepared statement of this connection, with server-side binding.

    Django binds parameters on the client by default and prepares nothing (it
    keeps connection poolers working): for a statement run thousands of times a
    minute, psycopg would quote every value in Python and PostgreSQL would parse
    and plan the same INSERT each time. Here the statement is prepared once per
    connection (unless settings.DATABASE_PREPARED_STATEMENTS is off, for a pooler that
    cannot keep them) and only the values travel. Errors are Django's, as from any cursor.
    """
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,  # defined for psycopg 3 only, which the stubs do not know
    )

    database.validate_thread_sharing()
    database.ensure_connection()
    with database.wrap_database_errors, ServerBindingCursor(database.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone()
