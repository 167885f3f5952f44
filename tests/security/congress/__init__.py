"""The congress's share of the battery and the role table, one module per part.

Each part module (convening, sections, delegates, debate, floor) holds:
``ROWS``, its URLs' rows of the role table (tests/security/test_permissions_table.py);
``BY_NAME``, which seed sample fills each path parameter of its URLs
(tests/security/endpoints.py); and ``seed(congress)``, which adds the objects its
URLs name to the seeded demo congress and returns them as samples (tests/security/seed.py).
"""

from __future__ import annotations

from typing import Any

from tests.security.congress import convening, debate, delegates, floor, sections

PARTS = (convening, sections, delegates, debate, floor)

ROWS: dict[str, tuple[int | str, ...]] = {}
BY_NAME: dict[str, dict[str, str]] = {}
for _part in PARTS:
    ROWS.update(_part.ROWS)
    BY_NAME.update(_part.BY_NAME)


def seed() -> dict[str, Any]:
    """Add each part's objects to the demo congress; return their samples."""
    from internationale.congresses.models import Congress

    congress = Congress.objects.get(slug="world-congress-2027")
    samples: dict[str, Any] = {"congress": congress.slug}
    for part in PARTS:
        samples.update(part.seed(congress))
    return samples
