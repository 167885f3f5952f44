from __future__ import annotations

from django_tasks import task

from internationale.mail import services


@task(queue_name="mail")
def deliver_outbox() -> int:
    """Deliver every message that is due. Safe to run many times at once."""
    return services.deliver_due()
