"""Enqueueing background work after a commit: once for many commits, never failing the commit.

Contract: ``enqueue_after_commit(task, throttle)`` called in a transaction enqueues ``task``
after the commit, unless one is already waiting to start (the check runs after
the commit, and a waiting task reads the database only once a worker starts
it, so it sees what was committed; a task already running may not, and then a
new one is enqueued), and at most once per ``throttle.every`` seconds per
process. What a throttled commit left undone is found by the worker's sweeper
(`internationale worker` looks every second), so it waits that long at most.
A commit whose enqueue fails (the database gone a moment after it) keeps its
result: the sweeper finds the work.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import DatabaseError, transaction
from django_tasks.base import Task

logger = logging.getLogger(__name__)


class Throttle:
    """At most one enqueue per ``every`` seconds from this process."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.last = -every

    def allows(self) -> bool:
        now = time.monotonic()
        if now - self.last < self.every:
            return False
        self.last = now
        return True

    def reset(self) -> None:
        """Let the next enqueue through (a fresh process; the tests start each so)."""
        self.last = -self.every


def waiting(task: Task[Any, Any]) -> bool:
    """Whether ``task`` waits for a worker to start it (the database backend only knows)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.ready().filter(task_path=task.module_path).exists()


def enqueue_unless_waiting(task: Task[Any, Any]) -> None:
    if not waiting(task):
        task.enqueue()


def enqueue_after_commit(task: Task[Any, Any], throttle: Throttle) -> None:
    """Enqueue ``task`` after the current transaction commits (see the module's contract)."""

    def after_commit() -> None:
        if not throttle.allows():
            return
        try:
            enqueue_unless_waiting(task)
        except DatabaseError as error:
            logger.warning("%s not enqueued, left to the sweeper: %s", task.name, error)

    transaction.on_commit(after_commit)
