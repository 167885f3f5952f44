from __future__ import annotations

from django_tasks import task

from internationale.core.tasks import enqueue_unless_waiting
from internationale.declarations import pdf
from internationale.declarations.services import confirmations


@task()
def build_declaration_pdf(declaration_id: int, language: str) -> int:
    """Make a declaration's PDF in one language; returns its size in bytes."""
    made = pdf.build_pdf(declaration_id=declaration_id, language=language)
    return len(bytes(made.content))


@task()
def send_confirmations() -> int:
    """Mail the signatures waiting for their confirmation. Safe to run many times at once.

    Signatures marked after it ran, or beyond one run's limit, get a task of their own.
    """
    done = confirmations.send_due_confirmations()
    enqueue_confirmations_if_due()
    return done


def enqueue_confirmations_if_due() -> bool:
    """Enqueue ``send_confirmations`` if a signature waits for its mail (the sweeper's look)."""
    due = confirmations.confirmations_due()
    if due:
        enqueue_unless_waiting(send_confirmations)
    return due
