from __future__ import annotations

from django_tasks import task

from internationale.core.tasks import enqueue_unless_waiting
from internationale.mail import delivery


@task(queue_name="mail")
def deliver_outbox() -> int:
    """Deliver every message that is due. Safe to run many times at once.

    Messages stored while it ran, or beyond one run, get a task of their own.
    """
    sent = delivery.deliver_due()
    enqueue_if_due()
    return sent


def enqueue_if_due() -> bool:
    """Enqueue a delivery if any message is due; True if one was (the worker's sweeper)."""
    is_due = delivery.due().exists()
    if is_due:
        enqueue_unless_waiting(deliver_outbox)
    return is_due
