"""Maintenance of the wire's search index."""

from __future__ import annotations

from django.db import transaction

from internationale.wire import search
from internationale.wire.models import Report


def reindex(*, batch: int = 2000) -> int:
    """Rebuild the search index from the published reports; return how many were indexed."""
    done = 0
    with transaction.atomic():
        search.clear()
        reports = Report.objects.filter(published_at__isnull=False).order_by("pk")
        chunk: list[search.Document] = []
        for report in reports.iterator(chunk_size=batch):
            chunk.append(search.document_for(report))
            if len(chunk) >= batch:
                search.index(chunk)
                done += len(chunk)
                chunk = []
        search.index(chunk)
        done += len(chunk)
    return done
