from __future__ import annotations

from django_tasks import task

from internationale.declarations import pdf


@task()
def build_declaration_pdf(declaration_id: int, language: str) -> int:
    """Make a declaration's PDF in one language; returns its size in bytes."""
    made = pdf.build_pdf(declaration_id=declaration_id, language=language)
    return len(bytes(made.content))
