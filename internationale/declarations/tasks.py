from __future__ import annotations

from django_tasks import task

from internationale.declarations import publishing, services


@task()
def build_declaration_pdf(declaration_id: int, language: str) -> int:
    """Make a declaration's PDF in one language; returns its size in bytes."""
    made = publishing.build_pdf(declaration_id=declaration_id, language=language)
    return len(bytes(made.content))


@task()
def send_confirmations() -> int:
    """Send the signatures' confirmation mails, each stored in the outbox first."""
    limit = 5_000  # then other tasks have their turn
    done = services.send_confirmations(limit=limit, gather=services.CONFIRMATIONS_GATHER)
    if done >= limit:
        services.enqueue_confirmations_if_due()  # more than one run's worth waited
    return done
