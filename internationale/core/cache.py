"""The two caches (settings.CACHES, decision 0019).

``django.core.cache.cache`` ("default") is seen alike by every server process:
allauth keeps its log-in and sign-up counters there, so five wrong passwords
are five whatever worker answers. On the embedded default it is a database
table. ``local_cache`` ("local") is for what may be counted or kept per
process on hot paths (signing): local memory, or the CACHE_URL cache when one
is configured.
"""

from __future__ import annotations

from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone
from django.utils.connection import ConnectionProxy

local_cache: BaseCache = ConnectionProxy(caches, "local")  # type: ignore[assignment]


def delete_expired() -> int:
    """Delete the database cache's expired entries; return how many.

    Django's database cache deletes expired rows only when the table is full,
    and the log-in counters' keys name the client's address: the worker calls
    this every minute so that no address stays stored past its counter's window.
    """
    backend = caches["default"]
    if not isinstance(backend, DatabaseCache):
        return 0
    database = router.db_for_write(backend.cache_model_class)
    connection = connections[database]
    table = connection.ops.quote_name(backend.cache_model_class._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])  # noqa: S608
        return int(cursor.rowcount)
