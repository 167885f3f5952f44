"""Transactions shaped to the database they run on."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
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
    on signing's hot path); no signals are sent, so it is
    for models that have none. Wrap it as ``one_statement`` says.
    """
    database = connections[DEFAULT_DB_ALIAS]  # looked up once: each use of ``connection`` looks
    sql, fields = _insert_statement(type(instance), database.vendor)
    params = _values(instance, fields, database)
    if _binds_on_server(database):
        with _bound_by_server(database) as cursor:
            cursor.execute(sql, params, prepare=True)
            row = cursor.fetchone()
    else:
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    _stored(instance, row[0], database)


def insert_many(instances: Sequence[models.Model]) -> None:
    """INSERT new rows of one model and give each its key, as ``bulk_create`` would.

    On PostgreSQL, one single-row statement prepared on the connection and run
    for every row in one pipeline, the values bound by the server: bulk_create
    makes one statement with a placeholder per value, which psycopg parses and
    fills in Python every time (for a batch of 200 mails, twice the processor
    time). Elsewhere, ``bulk_create``. No signals are sent, as with bulk_create.
    """
    if not instances:
        return
    model = type(instances[0])
    database = connections[DEFAULT_DB_ALIAS]
    if not _binds_on_server(database):
        model._default_manager.bulk_create(instances)
        return
    sql, fields = _insert_statement(model, database.vendor)
    rows = [_values(instance, fields, database) for instance in instances]
    keys = []
    with _bound_by_server(database) as cursor:
        cursor.executemany(sql, rows, returning=True)
        while True:
            keys.append(cursor.fetchone()[0])
            if not cursor.nextset():
                break
    for instance, key in zip(instances, keys, strict=True):
        _stored(instance, key, database)


def _values(instance: models.Model, fields: list[Field[Any, Any]], database: Any) -> list[Any]:
    """The values of ``instance`` for the INSERT of ``fields``, as ``save`` prepares them."""
    return [field.get_db_prep_save(field.pre_save(instance, True), database) for field in fields]


def _stored(instance: models.Model, key: Any, database: Any) -> None:
    """Mark ``instance`` as the stored row ``key``, as ``save`` leaves it."""
    instance.pk = key
    instance._state.adding = False
    instance._state.db = database.alias


def _binds_on_server(database: Any) -> bool:
    """Whether INSERTs go through ``_bound_by_server``: on PostgreSQL, unless queries are
    being logged (a test counting them), where Django's own cursor counts them as any."""
    return bool(database.vendor == "postgresql" and not database.queries_logged)


@contextlib.contextmanager
def _bound_by_server(database: Any) -> Iterator[Any]:
    """A psycopg cursor of ``database`` that has the server bind the values; errors are Django's.

    Django binds parameters on the client by default and prepares nothing (it
    keeps connection poolers working): for a statement run thousands of times a
    minute, psycopg would quote every value in Python and PostgreSQL would parse
    and plan the same statement each time. With this cursor only the values
    travel, and a statement run with ``prepare=True`` (or, in ``executemany``,
    more than five times) is prepared once per connection, unless
    settings.DATABASE_PREPARED_STATEMENTS is off, for a pooler that cannot keep them.
    """
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,  # defined for psycopg 3 only, which the stubs do not know
    )

    database.validate_thread_sharing()
    database.ensure_connection()
    with database.wrap_database_errors, ServerBindingCursor(database.connection) as cursor:
        yield cursor
