from __future__ import annotations

from django_tasks import task

from internationale.mail import services


@task(queue_name="mail")
def deliver_outbox() -> int:
    """Deliver every message that is due. Safe to run many times at once.

    Messages stored while it ran, or beyond one batch, get a task of their own.
    """
    sent = services.deliver_due()
    services.enqueue_if_due()
    return sent
