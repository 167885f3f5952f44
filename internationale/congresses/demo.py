"""The congresses' demonstration data: the coming world congress."""

from __future__ import annotations

from datetime import date

from internationale.congresses.models import Congress

SLUG = "world-congress-2027"


def load_congress() -> int:
    """Create the demo congress if it is missing; return how many were created."""
    _, made = Congress.objects.get_or_create(
        slug=SLUG, defaults={"title": "World Congress 2027", "opens_on": date(2027, 6, 12)}
    )
    return int(made)
