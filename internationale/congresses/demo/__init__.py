"""The congresses' demonstration data: a world congress in its pre-congress debate.

Each part of the congress adds its own (one module each); they run in order,
over the sections and accounts the directory's and the accounts' demos made.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from internationale.congresses.demo import convening, debate, delegates, floor, sections
from internationale.congresses.models import Congress, Phase

SLUG = "world-congress-2027"


def load_congress() -> int:
    """Create the demo congress and its call if they are missing; return how many were created."""
    congress, made = Congress.objects.get_or_create(
        slug=SLUG,
        defaults={
            "number": 15,
            "title": "XV World Congress",
            "opens_on": date(2027, 6, 12),
            "closes_on": date(2027, 6, 16),
            "place": "São Paulo",
            "online": True,
            "working_languages": ["es", "pt", "en", "fr", "ar"],
            "phase": Phase.DEBATE,
            "figures_due": datetime(2027, 2, 28, 23, 59, tzinfo=UTC),
            "contributions_due": datetime(2027, 4, 15, 23, 59, tzinfo=UTC),
            "nominations_due": datetime(2027, 5, 15, 23, 59, tzinfo=UTC),
            "delegates_total": 60,
            "minimum_delegates": 1,
            "proxy_limit": 1,
            "quorum_percent": 50,
            "speaking_time": 300,
            "alternation": "women",
        },
    )
    convening.load_call(congress)
    return int(made)


def load_parts() -> int:
    """The parts that need the accounts' demo (delegates are people); return rows made."""
    congress = Congress.objects.get(slug=SLUG)
    made = 0
    for part in (sections, delegates, debate, floor):
        made += part.load(congress)
    return made
