"""This part's URLs in the role table and the battery (see __init__.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from internationale.congresses.models import Congress

E = "enrol"  # a redirect to the second factor's enrolment page
L = "login"  # a redirect to the log-in page

# fmt: off
#: URL name -> answer per role: anonymous, member, representative, correspondent,
#: editor, language editor, secretariat, staff without TOTP.
ROWS: dict[str, tuple[int | str, ...]] = {
    "congresses:list": (200, 200, 200, 200, 200, 200, 200, E),
    "congresses:detail": (200, 200, 200, 200, 200, 200, 200, E),
    # The secretariat's pages: convening a congress, then managing the demo one (in debate).
    "congresses:new": (L, 403, 403, 403, 403, 403, 200, E),
    "congresses:manage": (L, 403, 403, 403, 403, 403, 200, E),
    "congresses:manage_call": (L, 403, 403, 403, 403, 403, 200, E),
    "congresses:manage_phase": (L, 403, 403, 403, 403, 403, 200, E),
    "congresses:send_call": (L, 403, 403, 403, 403, 403, 200, E),
}
# fmt: on
BY_NAME: dict[str, dict[str, str]] = {}


def seed(congress: Congress) -> dict[str, Any]:
    """Add the objects this part's URLs name; return them as samples."""
    return {}
