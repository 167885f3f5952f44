"""A report's history: its revisions, kept for ever, and what changed between two."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from internationale.texts.diff import Piece, changed, diff_words
from internationale.wire.models import Report, Revision


def revisions(report: Report) -> list[Revision]:
    return list(report.revisions.select_related("by").order_by("number"))


def revision_pair(
    revisions: list[Revision], a: int | None, b: int | None
) -> tuple[Revision, Revision]:
    """The revisions numbered ``a`` and ``b`` of a report; by default its last two."""
    numbers = [r.number for r in revisions]

    def pick(number: int | None, default: int) -> Revision:
        return revisions[numbers.index(number if number in numbers else default)]

    return pick(a, numbers[-2] if len(numbers) > 1 else numbers[-1]), pick(b, numbers[-1])


@dataclass(frozen=True)
class Changes:
    #: (label, the words diffed, whether anything changed) for headline, lede and text
    fields: list[tuple[str, list[Piece], bool]]
    #: (name, before, after) of the details that changed: type, language, places, byline
    details: list[tuple[str, Any, Any]]


def compare_revisions(old: Revision, new: Revision) -> Changes:
    """What changed from revision ``old`` to ``new``, word by word."""
    fields = [
        (_("Headline"), diff_words(old.title, new.title)),
        (_("Lede"), diff_words(old.lede, new.lede)),
        (_("Text"), diff_words(old.body, new.body)),
    ]
    return Changes(
        fields=[(str(label), pieces, changed(pieces)) for label, pieces in fields],
        details=[
            (key, old.details.get(key), new.details.get(key))
            for key in ("kind", "language", "countries", "topics", "organizations", "byline")
            # Revisions from before organizations were named have none (no change).
            if (old.details.get(key) or None) != (new.details.get(key) or None)
        ],
    )
